-- the string metatable can be changed: __index functions, __add replacing string arithmetic; table methods via __index = table
local t = setmetatable({}, {__index = table})
t:insert("a") t:insert("b")
print(t:concat(","), t:unpack())
local s = setmetatable({}, {__index = string})
print(pcall(s.upper, s))
print(("abc"):byte(-1), ("abc"):sub(-2):upper())
print(("%d items"):format(3), ("a,b"):find(",", 1, true))
print(#("x"):rep(1000, ","), ("abc"):reverse():len())
local mt = getmetatable("")
local saved = mt.__index
mt.__index = function(str, k) return function() return "custom " .. k end end
print(("x"):anything())
mt.__index = saved
print(("x"):upper())
mt.__add = function(a, b) return "added" end
print(pcall(function() return "x" + 1 end))
print(pcall(function() return "1" + 1 end))
mt.__add = nil
