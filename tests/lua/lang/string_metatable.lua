-- the string metatable
local mt = getmetatable("")
print(type(mt), mt.__index == string)
print(("x"):rep(3), ("%5s|"):format("a"), ("Hello"):lower())
local s = "abc"
print(s:byte(1, -1))
print(#s, s.len == string.len, s:len())
-- adding a method to string
function string.twice(self) return self .. self end
print(("ab"):twice())
string.twice = nil
print(pcall(function() return ("ab"):twice() end))
-- numbers are not strings for indexing
print(pcall(function() local n = 5 return n:rep(2) end))
-- string arithmetic via metatable __add etc. (5.4 string library defines them)
print("10" + 5, "3" * "4", mt.__add ~= nil, mt.__unm ~= nil)
print(pcall(function() return "a" + 1 end))
print(pcall(function() return {} .. "" end))
-- indexing a string with a number
print(("abc")[1], ("abc").x)
-- modifying the metatable's __index to a function
local old = mt.__index
mt.__index = function(str, k) if k == "first" then return str:sub(1, 1) end return old[k] end
print(("zebra").first, ("zebra"):upper())
mt.__index = old
print(("zebra").first)
