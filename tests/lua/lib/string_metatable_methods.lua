-- the string metatable: methods, __index, and what it does not provide
local mt = getmetatable("")
print(type(mt), mt.__index == string, rawequal(getmetatable("a"), getmetatable("b")))
print(("x"):rep(3), ("%d-%s"):format(5, "y"), ("abc"):upper():lower())
local s = "hello"
print(s:len(), s:find("l"), s:match("(h)(e)"), s:gsub("l", "L"))
print(pcall(function() return ("x"):nosuch() end))
print(pcall(function() return ("x").y.z end))
print(("abc").len == string.len, ("abc")[1])
string.twice = function(str) return str .. str end
print(("ab"):twice())
string.twice = nil
print(#"abc" == ("abc"):len(), pcall(function() return (5):len() end))
