-- Debian's lua5.4 is built with LUA_COMPAT_LT_LE: a <= b falls back to not (b < a) when only __lt exists
local log = {}
local onlyLt = setmetatable({}, {__lt = function(a, b) log[#log + 1] = "lt" return true end})
print(pcall(function() return onlyLt <= onlyLt end))
print(onlyLt < onlyLt, #log)
local V = {__lt = function(a, b) return a.v < b.v end}
local x, y = setmetatable({v = 1}, V), setmetatable({v = 2}, V)
print(x <= y, y <= x, x >= y, y >= x)
