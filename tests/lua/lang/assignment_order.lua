-- multiple assignment: all expressions are evaluated before assigning
local a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
local t = {1, 2, 3}
t[1], t[3] = t[3], t[1]
print(t[1], t[2], t[3])
local i = 1
i, t[i] = 2, "x"
print(i, t[1], t[2])
local x, y = 1
print(x, y)
x, y = 1, 2, 3
print(x, y)
local function f() return 10, 20, 30 end
local p, q, r, s = f()
print(p, q, r, s)
p, q, r, s = f(), f()
print(p, q, r, s)
local log = {}
local mt = {__newindex = function(tb, k, v) log[#log + 1] = k .. "=" .. tostring(v) end}
local obj = setmetatable({}, mt)
obj.a, obj.b, obj.c = 1, 2
print(table.concat(log, " "))
-- globals assignment
g1, g2 = "G1", "G2"
print(g1, g2)
g1, g2 = g2, g1
print(g1, g2)
local u = {}
u.x, u.y = u, u
print(u.x == u, u.y == u)
local n = {}
n[1], n[1] = "first", "second"
print(n[1])
