-- assignment targets: deep fields, upvalues, globals, computed keys
local t = {a = {b = {c = {}}}}
t.a.b.c.d = 1
t["a"]["b"].c["e"] = 2
local k1, k2 = "a", "b"
t[k1][k2].f = 3
print(t.a.b.c.d, t.a.b.c.e, t.a.b.f)
local up = {}
local function set(v) up.x = v up[#up + 1] = v end
set(1) set(2)
print(up.x, #up)
local counter = 0
local function inc() counter = counter + 1 return counter end
local arr = {}
arr[inc()] = inc()
print(arr[1], arr[2], counter)
G = {}
G.x, G.y = 1, 2
G[G.x] = G.y
print(G.x, G.y, G[1])
local function idx() return "key" end
local m = {}
m[idx()], m[idx() .. "2"] = "v1", "v2"
print(m.key, m.key2)
local a, b = {}, {}
a.ref, b.ref = b, a
print(a.ref == b, b.ref == a, a.ref.ref == a)
local s = {}
for i = 1, 5 do s[i] = i * i end
s[#s], s[1] = s[1], s[#s]
print(table.concat(s, " "))
local x = 1
local function setx() x = x + 10 end
setx() setx()
print(x)
local deep = {}
deep[1] = {} deep[1][2] = {} deep[1][2][3] = "deep value"
print(deep[1][2][3])
