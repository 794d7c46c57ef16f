-- getmetatable / setmetatable with __metatable protection
local mt = {}
local t = setmetatable({}, mt)
print(getmetatable(t) == mt, setmetatable(t, nil) == t, getmetatable(t))
print(getmetatable("abc").__index == string, getmetatable(1), getmetatable(print), getmetatable(nil))
local protected = setmetatable({}, {__metatable = "locked"})
print(getmetatable(protected))
print(pcall(setmetatable, protected, {}))
print(pcall(setmetatable, protected, nil))
print(getmetatable(setmetatable({}, {__metatable = false})))
print(pcall(setmetatable, 1, {}))
print(pcall(setmetatable, {}, 1))
print(pcall(setmetatable, {}))
print(pcall(setmetatable))
print(pcall(getmetatable))
-- metatables drive behaviour
local v = setmetatable({}, {__index = {a = 1}, __call = function(self, x) return x * 2 end})
print(v.a, v(21))
local mt2 = {__eq = function() return true end}
print(setmetatable({}, mt2) == setmetatable({}, mt2))
-- __index chain through tables
local base = {greet = "hi"}
local mid = setmetatable({}, {__index = base})
local top = setmetatable({}, {__index = mid})
print(top.greet, rawget(top, "greet"))
