-- debug.getlocal / setlocal: levels, vararg (negative) indices, temporaries, functions, coroutines
local function probe(a, b, ...)
  local c = a + b
  do local inner = "in" print(debug.getlocal(1, 4)) end
  for i = 1, 5 do
    local n = 1
    while debug.getlocal(1, n) do n = n + 1 end
    print("locals in loop", n - 1, debug.getlocal(1, 4))
    break
  end
  print(debug.getlocal(1, 1), debug.getlocal(1, 3))
  print(debug.getlocal(1, -1), debug.getlocal(1, -2), debug.getlocal(1, -3))
  print(debug.setlocal(1, -1, "changed"), ...)
  print(debug.setlocal(1, 1, 100), a, debug.setlocal(1, 99, 0))
  print((debug.getlocal(2, 1)), type(select(2, debug.getlocal(2, 1))))
  return c
end
local outer = "outer-local"
probe(1, 2, "v1", "v2")
print(debug.getlocal(probe, 1), debug.getlocal(probe, 2), debug.getlocal(probe, 3), debug.getlocal(probe, -1))
print(debug.getlocal(print, 1))
print(pcall(debug.getlocal, 100, 1))
print(pcall(debug.setlocal, 100, 1, 1))
print(pcall(debug.getlocal, 1, "x"))
print(pcall(debug.getlocal, {}, 1))
local co = coroutine.create(function(x, y)
  local z = x * y
  coroutine.yield(z)
  return z
end)
coroutine.resume(co, 3, 4)
print(debug.getlocal(co, 1, 1), debug.getlocal(co, 1, 2), debug.getlocal(co, 1, 3))
print(debug.setlocal(co, 1, 3, 99), coroutine.resume(co))
print(pcall(debug.getlocal, co, 5, 1))
print((debug.getlocal(1, 1)))
