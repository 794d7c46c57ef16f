-- debug.getupvalue / setupvalue / upvalueid / upvaluejoin on shared and C upvalues
local a, b = 1, 2
local function f() return a, b end
local function g() return b end
print(debug.getupvalue(f, 1), debug.getupvalue(f, 2), debug.getupvalue(f, 3), debug.getupvalue(f, -1))
print(debug.upvalueid(f, 2) == debug.upvalueid(g, 1), debug.upvalueid(f, 1) == debug.upvalueid(g, 1))
print(debug.setupvalue(g, 1, 20), b, f())
debug.upvaluejoin(g, 1, f, 1)
print(g(), debug.upvalueid(g, 1) == debug.upvalueid(f, 1))
a = 7
print(g(), f())
print(pcall(debug.upvalueid, f, 3))
print(pcall(debug.upvalueid, f, 0))
print(pcall(debug.upvalueid, print, 1))
print(pcall(debug.upvalueid, 1, 1))
print(pcall(debug.upvaluejoin, f, 0, g, 1))
print(pcall(debug.upvaluejoin, f, 1, g, 2))
print(pcall(debug.upvaluejoin, f, 1, print, 1))
print(pcall(debug.upvaluejoin, 1, 1, g, 1))
print(pcall(debug.getupvalue, 1, 1))
print(pcall(debug.setupvalue, f, 1))
local function counter() local n = 0 return function() n = n + 1 return n end end
local c1, c2 = counter(), counter()
c1() c1()
print(c1(), c2())
debug.upvaluejoin(c2, 1, c1, 1)
print(c2(), c1())
local env = debug.getupvalue(load("return x"), 1)
print(env, env == _ENV)
local fn = load("return x")
debug.setupvalue(fn, 1, { x = "from custom env" })
print(fn())
