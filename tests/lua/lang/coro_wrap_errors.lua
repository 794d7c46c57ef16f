-- coroutine.wrap: values, errors propagate with position, dead coroutine
local gen = coroutine.wrap(function(a, b)
  local c = coroutine.yield(a + b)
  local d, e = coroutine.yield(c * 2)
  return d, e, "end"
end)
print(gen(1, 2))
print(gen(10))
print(gen("x", "y"))
print(pcall(gen))
local failing = coroutine.wrap(function() error("wrapped failure") end)
print(pcall(failing))
local failing2 = coroutine.wrap(function() error({code = 1}) end)
local ok, e = pcall(failing2)
print(ok, type(e), e.code)
local failing3 = coroutine.wrap(function() local x = nil; return x.y end)
print(pcall(failing3))
print(pcall(coroutine.wrap, 1))
-- generator pattern
local function range(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
local sum = 0
for v in range(10) do sum = sum + v end
print(sum)
-- error after yields
local w = coroutine.wrap(function() coroutine.yield(1) error("second", 0) end)
print(w(), pcall(w))
-- wrap inside wrap
local outer = coroutine.wrap(function()
  local inner = coroutine.wrap(function() coroutine.yield("i1") coroutine.yield("i2") end)
  coroutine.yield(inner()) coroutine.yield(inner())
end)
print(outer(), outer())
