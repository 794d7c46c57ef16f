-- hooks are per thread: line and count events inside coroutines, after a
-- resume returns and after a yield is resumed (no repeated line event)
local log = {}
local function hook(ev, l)
  log[#log + 1] = ev:sub(1, 1) .. (l or debug.getinfo(2, "l").currentline)
end
local co = coroutine.create(function(a)
  local b = coroutine.yield(a + 1) local c = b * 2
  local d = coroutine.yield(c)
  return d
end)
debug.sethook(co, hook, "l")
print(coroutine.resume(co, 1))
print(coroutine.resume(co, 5))
print(coroutine.resume(co, 7))
print(table.concat(log, " "))
print(debug.gethook(co) ~= nil, debug.gethook() == nil)
log = {}
local gen = coroutine.wrap(function()
  for i = 1, 2 do coroutine.yield(i) end
end)
debug.sethook(hook, "l")
local x = gen() local y = gen()
debug.sethook()
print(x, y, table.concat(log, " "))
log = {}
local co2 = coroutine.create(function()
  local s = 0
  for i = 1, 3 do s = s + i coroutine.yield(s) end
end)
debug.sethook(co2, hook, "", 2)
while coroutine.resume(co2) and coroutine.status(co2) ~= "dead" do end
print(table.concat(log, " "))
log = {}
local co3 = coroutine.wrap(function(...)
  debug.sethook(hook, "cr")
  local v = coroutine.yield(...)
  debug.sethook()
  return v
end)
co3(1)
co3(2)
print(table.concat(log, " "))
-- a hook function cannot yield: it runs as a C call
local co4 = coroutine.create(function() for i = 1, 3 do local x = i end return "done" end)
debug.sethook(co4, function() coroutine.yield("y") end, "", 5)
print(coroutine.resume(co4))
print(coroutine.status(co4))
