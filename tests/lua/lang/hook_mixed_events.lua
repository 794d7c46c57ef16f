-- count events with a Lua hook function: lua5.4 counts the hook's own instructions
-- too (no event fires inside it); mixed call/return/line/count events over closures,
-- varargs, metamethods, pcall, an iterator, a coroutine and goto
local log = {}
local function hook(e, l)
  local i = debug.getinfo(2, "S")
  log[#log + 1] = e:sub(1, 1) .. (l or (i.what == "C" and "C" or i.linedefined))
end
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local function va(...) local t = {...} return select("#", ...), t[1] end
local obj = setmetatable({}, {__index = function(t, k) return k .. "!" end,
  __call = function(self, a) return a * 2 end, __len = function() return 7 end,
  __eq = function() return true end, __lt = function() return true end})
local function main()
  local r = fib(4)
  local n, f = va(1, nil, 3)
  local s = obj.name .. #obj
  local c = obj(21)
  local e = obj == setmetatable({}, getmetatable(obj))
  local lt = obj < obj
  local ok, err = pcall(function() local z = nil; return z.x end)
  local words = {}
  for w in ("a b c"):gmatch("%a") do words[#words + 1] = w end
  local co = coroutine.wrap(function(x) while true do x = coroutine.yield(x + 1) end end)
  local y = co(1) + co(2)
  local str = string.format("%d-%s", r, s)
  goto skip
  r = 0
  ::skip::
  return r, n, f, s, c, e, lt, ok, #words, y, str
end
for _, m in ipairs({"l", "c", "r", "crl"}) do
  log = {}
  debug.sethook(hook, m)
  main()
  debug.sethook()
  print(m, #log, table.concat(log, " "))
end
for _, k in ipairs({1, 2, 7}) do
  log = {}
  debug.sethook(hook, "l", k)
  main()
  debug.sethook()
  print(k, #log, table.concat(log, " "))
end
