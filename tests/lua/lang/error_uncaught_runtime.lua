-- uncaught runtime error inside nested calls and a coroutine.wrap
-- expect error: attempt to index a nil value (local 't')
print("start")
local gen = coroutine.wrap(function()
  coroutine.yield(1)
  local t = nil
  return t.missing
end)
print(gen())
print(gen())
