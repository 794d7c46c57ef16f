-- deeply nested coroutines resuming each other
local function nest(n)
  if n == 0 then
    coroutine.yield("bottom")
    return 0
  end
  local co = coroutine.create(nest)
  local ok, v = coroutine.resume(co, n - 1)
  coroutine.yield(v .. "<" .. n)
  local ok2, r = coroutine.resume(co)
  return (r or 0) + 1
end
local top = coroutine.create(nest)
print(coroutine.resume(top, 50))
print(coroutine.resume(top))
print(coroutine.status(top))
-- a chain of 100 wrapped generators
local function chain(n)
  if n == 0 then return coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end) end
  local inner = chain(n - 1)
  return coroutine.wrap(function() for v in inner do coroutine.yield(v + 1) end end)
end
local out = {}
for v in chain(30) do out[#out + 1] = v end
print(table.concat(out, " "))
-- errors from deep inside propagate one level at a time
local function failing(n)
  if n == 0 then error("deep error", 0) end
  local co = coroutine.create(failing)
  local ok, e = coroutine.resume(co, n - 1)
  error(e .. "/" .. n, 0)
end
print(coroutine.resume(coroutine.create(failing), 10))
