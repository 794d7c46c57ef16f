-- assignment conflicts: a table or key register reassigned in the same statement
local t = {}
local old = t
t, t.x = {}, 1
print(old.x, t.x)
local k = "a"
local u = {}
k, u[k] = "b", 2
print(u.a, u.b, k)
local a = {}
local olda = a
a.f, a = 1, {}
print(olda.f, a.f)
local i, arr = 1, {}
arr[i], i = "first", 2
print(arr[1], arr[2], i)
local up = {}
local function f()
  local oldup = up
  up, up.y = {}, "y"
  return oldup.y, up.y
end
print(f())
G = {}
local oldG = G
G, G.z = {}, "z"
print(oldG.z, G.z)
local x, y, z = 1, 2, 3
x, y, z = y, z, x
print(x, y, z)
local m = {1, 2, 3}
local j = 1
j, m[j], m[j + 1] = j + 1, m[j + 1], m[j]
print(j, m[1], m[2], m[3])
local s = {}
local key = 1
s[key], key, s[key] = "A", 2, "B"
print(s[1], s[2], key)
local nested = {inner = {}}
local inner = nested.inner
nested.inner, nested.inner.v = {}, "v"
print(inner.v, nested.inner.v)
local p, q = {}, {}
p.n, q.n, p, q = 1, 2, q, p
print(p.n, q.n)
