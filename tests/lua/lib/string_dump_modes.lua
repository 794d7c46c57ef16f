-- string.dump: round-trips through load in mode "b", strip, upvalues reset, errors
local function add(a, b) return a + b end
local d = string.dump(add)
print(type(d), #d > 0, load(d, "d", "b")(2, 3))
print(load(string.dump(add, true), "d", "b")(4, 5))
local up = 10
local function useup() return up end
local f = load(string.dump(useup))
print(type(f()), f() == _G)
print(debug.setupvalue(f, 1, 7), f())
print(pcall(string.dump, print))
print(pcall(string.dump, 1))
print(pcall(string.dump))
print(load(string.dump(load("return ...")))(1, 2, 3))
local vararg = load(string.dump(function(...) local t = { ... } return #t, select("#", ...) end))
print(vararg(1, nil, 3))
local g = load(string.dump(function() return "ä\0b", 1.5, 2^63, math.mininteger end))
print(g())
print(load(d, "name", "t"))
print(pcall(load(string.dump(function() error("in dumped") end), "=dumped")))
