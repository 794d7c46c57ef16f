-- uncaught runtime error inside nested calls and a coroutine.wrap
print("start")
local gen = coroutine.wrap(function()
  coroutine.yield(1)
  local t = nil
  return t.missing
end)
print(gen())
print(gen())
