-- load's env argument and upvalues of loaded chunks
local env = {x = 1}
local f = load("x = x + 1; y = 'set'; return x", "=e", "t", env)
print(f(), env.x, env.y, x, y)
print(pcall(load("return print", "=n", "t", nil)))
print(pcall(load("print('hi')", "=n", "t", {})))
print(load("return _ENV", "=n", "t", env)() == env)
local g = load("return x")
print(g())
print(debug.getupvalue(g, 1) == "_ENV")
print(debug.setupvalue(g, 1, {x = "new env"}), g())
local noup = load("local a = 1 return a")
print(debug.getupvalue(noup, 1) == "_ENV")
local h = load("local _ENV = {}; return function() return 1 end")
print(h()())
print(load("return x", "=n", "t", setmetatable({}, {__index = function(_, k) return "meta " .. k end}))())
-- env false/number
print(pcall(load("return x", "=n", "t", false)))
print(pcall(load("return x", "=n", "t", 5)))
-- env argument given explicitly as nil vs omitted
print(pcall(load("return type(_ENV)", "=n", "t")))
print(pcall(load("return _ENV", "=n", "t", nil)))
print(loadstring, dofile ~= nil, loadfile ~= nil)
