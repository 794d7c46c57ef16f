-- _ENV is an upvalue / local like 5.4
x = "global x"
print(_ENV.x, _G.x, _ENV == _G)
do
  local _ENV = {print = print, tostring = tostring}
  y = 5
  print(y, x)
end
print(y)
local function withenv()
  local _ENV = setmetatable({}, {__index = _G})
  z = 10
  return z, _G.z
end
print(withenv())
local f = load("a = 1; return a, b", "chunk", "t", {b = 2})
print(f())
print(a)
local function sandbox(code)
  local env = {}
  local fn = load(code, "sb", "t", env)
  fn()
  return env
end
local env = sandbox("v = 7; w = v * 2")
print(env.v, env.w, v)
local g = function() local _ENV <const> = {tostring = tostring} return tostring(nothing) end
print(g())
local function upenv()
  return function() return _ENV end
end
print(upenv()() == _G)
local code = "local _ENV = ...; return q"
print(load(code)({q = "from arg"}))
print(pcall(load("local _ENV = nil; return undefinedthing")))
print(debug.getupvalue(load("return x"), 1), select(2, debug.getupvalue(load("return x"), 1)) == _G)
local function setenv(fn, e) debug.setupvalue(fn, 1, e) return fn end
print(setenv(load("return x"), {x = "replaced"})())
