-- Coroutine ping-pong: resume/yield switches with values passed both ways.
local n = tonumber(arg and arg[1]) or 4000000
local co = coroutine.wrap(function(x)
  while true do x = coroutine.yield(x * 2 % 1000003) end
end)
local v = 1
for i = 1, n do v = co(v + i) end
print(string.format("value %d", v))
