-- varargs and select
local function f(...)
  print(select("#", ...), ...)
  print(select(2, ...))
  print(pcall(select, -1, ...))
  local a, b = ...
  print(a, b)
  local t = {...}
  print(#t, t[1], t[select("#", ...)])
  local p = table.pack(...)
  print(p.n)
  return ...
end
f()
f(1)
f(1, nil, 3)
f(nil, nil)
print(f(1, 2, 3))
print((f(1, 2, 3)))
print(pcall(select, 0, 1, 2))
print(pcall(select, -3, 1, 2))
print(select(5, 1, 2))
print(select("#"))
print(select(2.0, "a", "b"))
print(pcall(select, 1.5, "a"))
print(pcall(select, "x"))
local function g(...) local a, b, c = ..., "last" return a, b, c end
print(g(1, 2, 3))
local function h(...) return select("#", ...), (...) end
print(h(nil, nil, nil))
print(pcall(h))
local function count(...) return select('#', ...) end
print(count(table.unpack({1, nil, 3}, 1, 3)), count(table.unpack({}, 1, 5)))
print(select(2, load("local function vf(...) local function inner() return ... end end")))
