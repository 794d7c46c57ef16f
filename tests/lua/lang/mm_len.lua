-- __len and the # operator
local t = setmetatable({1, 2, 3}, {__len = function(self) return 42 end})
print(#t, rawlen(t))
local s = setmetatable({}, {__len = function() return "not a number" end})
print(#s)
local m = setmetatable({}, {__len = function() return 1, 2 end})
print(#m)
print(#"hello", #"", #"\0\0")
print(pcall(function() return #5 end))
print(pcall(function() return #nil end))
print(pcall(function() local b = true return #b end))
print(pcall(function() return #print end))
-- borders
print(#{}, #{1}, #{1, 2, nil}, #{nil}, #{n = 1})
local arr = {}
for i = 1, 10 do arr[i] = i end
print(#arr)
arr[11] = 11
print(#arr)
arr[#arr] = nil
print(#arr)
-- __len used by table.unpack/ipairs? not ipairs; table.insert uses __len
local lenT = setmetatable({}, {__len = function() return 3 end})
table.insert(lenT, "x")
print(rawget(lenT, 4), rawlen(lenT))
print(pcall(rawlen, 5))
local calls = 0
local counted = setmetatable({}, {__len = function() calls = calls + 1 return calls end})
print(#counted, #counted, calls)
