-- hook events through host callbacks and unwinding: tail call chains (istailcall),
-- __close on an error, gsub and __tostring callbacks, a failing coroutine, xpcall's
-- handler, table.sort and load (lua5.4's events and counts)
local log = {}
local function hook(e, l)
  local i = debug.getinfo(2, "St")
  log[#log + 1] = e:sub(1, 2) .. (l or (i.what == "C" and "C" or i.linedefined)) .. (i.istailcall and "t" or "")
end
local function run(name, mask, count, f)
  log = {}
  debug.sethook(hook, mask, count)
  local ok = pcall(f)
  debug.sethook()
  print(name, ok, #log, table.concat(log, " "))
end
local function a(n) if n == 0 then return "a" end return a(n - 1) end
run("tail chain", "cr", 0, function() return a(3) end)
run("close err", "crl", 0, function()
  local x <close> = setmetatable({}, {__close = function(_, e) local q = e end})
  error("E")
end)
run("gsub cb", "crl", 3, function()
  return (string.gsub("abc", "%w", function(c) return c .. c end))
end)
run("co err", "crl", 0, function()
  local co = coroutine.create(function() local z = 1 error("in") end)
  local ok, e = coroutine.resume(co)
  return ok
end)
run("xpcall", "crl", 2, function()
  return xpcall(function() error({}) end, function(m) return "handled" end)
end)
run("sort", "cr", 0, function() local t = {2, 1} table.sort(t) return t[1] end)
run("tostring meta", "crl", 0, function()
  local o = setmetatable({}, {__tostring = function() return "O" end})
  return tostring(o) .. "!"
end)
run("load", "crl", 0, function()
  local f = load("local a = 1\nreturn a")
  return f()
end)
