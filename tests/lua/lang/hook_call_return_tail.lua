-- call/return hook events around tail calls (to Lua and host functions),
-- __close at a return, pcall and errors: the order and names lua5.4 gives
local ev = {}
local function hook(e)
  local i = debug.getinfo(2, "nS")
  ev[#ev + 1] = e .. ":" .. (i.what == "C" and "C" or tostring(i.name or i.what))
end
local function run(name, f, ...)
  ev = {}
  debug.sethook(hook, "cr")
  local ok = pcall(f, ...)
  debug.sethook()
  print(name, ok, table.concat(ev, " "))
end
local function leaf(x) return x end
local function viaLua(x) return leaf(x) end
local function viaHost(x) return tostring(x) end
local function viaSelect(...) return select("#", ...) end
run("lua tail", viaLua, 1)
run("host tail", viaHost, 2)
run("select tail", viaSelect, 1, 2, 3)
run("nested tails", function() return viaLua(3) end)
run("close at return", function()
  local a <close> = setmetatable({}, {__close = function() local z = 1 end})
  local b <close> = setmetatable({}, {__close = function() end})
  return 1
end)
run("close at block end", function()
  do
    local c <close> = setmetatable({}, {__close = function() end})
  end
  return leaf(4)
end)
run("pcall error", function()
  local ok = pcall(error, "x")
  return ok
end)
run("error out", function() leaf(1) error("boom") end)
run("metamethod", function()
  local t = setmetatable({}, {__index = function(_, k) return k end, __add = leaf})
  return t.x, t + 1
end)
