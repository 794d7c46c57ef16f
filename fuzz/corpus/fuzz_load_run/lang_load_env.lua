-- load, env, chunk names, varargs in chunks
local f = load("return 1 + 1")
print(f())
print(load("syntax error here"))
print(load("x = ", "=mychunk"))
print(load("return ...", "c")(7, 8))
local env = {y = 5}
local g = load("y = y + 1 return y", "env chunk", "t", env)
print(g(), env.y, y)
print(load("return 1", "c", "b"))
local parts = {"return ", "10", " * ", "2"}
local i = 0
print(load(function() i = i + 1 return parts[i] end)())
print(pcall(load("error('in loaded', 1)", "=loaded")))
print(pcall(load("local x = nil; return x.f", "@file.lua")))
print(pcall(load("return nosuch.f", "a long chunk text that is the source itself")))
local h = load("local a, b = ... return b, a")
print(h(1, 2))
-- _ENV manipulation
do
  local _ENV = {print = print}
  z = 3
  print(z)
end
print(z)
local function withenv()
  local _ENV = setmetatable({}, {__index = _G})
  newglobal = 1
  return newglobal, rawget(_G, "newglobal")
end
print(withenv())
print(select('#', load("return")()))
print(loadfile("/nonexistent/file.lua"))
print(pcall(dofile, "/nonexistent/file.lua"))
