-- NaN and float keys in tables, table constructors and the library functions that index
local t = {}
print(pcall(function() t[0/0] = 1 end))
print(pcall(rawset, t, 0/0, 1))
print(pcall(table.insert, t, 0/0, 1))
print(t[0/0], rawget(t, 0/0))
t[-0.0] = "negzero"
print(t[0], t[0.0], math.type(next(t)))
t = { [1.0] = "a", [2] = "b", [3.5] = "c" }
print(#t, t[1], t[2.0], t[3.5], select("#", table.unpack(t)))
print(pcall(table.concat, { 0/0, 1 }, ","))
print(tostring(0/0) == tostring(0/0), 0/0 == 0/0)
local seen = 0
local s = setmetatable({}, { __index = function(_, k) seen = seen + 1 return k ~= k end })
print(s[0/0], seen)
print(pcall(function() local w = setmetatable({}, { __newindex = function(t, k, v) rawset(t, k, v) end }) w[0/0] = 1 end))
print(math.max(0/0, 0/0) ~= math.max(0/0, 0/0), math.min(1, 2, 0/0) == 1)
