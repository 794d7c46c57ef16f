-- __unm and __bnot receive the operand twice
local mt = {
  __unm = function(a, b) return "unm", rawequal(a, b) end,
  __bnot = function(a, b) return "bnot", rawequal(a, b) end,
}
local o = setmetatable({}, mt)
print(-o, ~o)
local x, y = -o
print(x, y)
print(- -2, -(-2.5), ~~5, -"3", -"0x10")
print(pcall(function() return ~"7" end))
print(pcall(function() return -{} end))
print(pcall(function() return ~{} end))
print(pcall(function() return -"abc" end))
print(pcall(function() return ~"1.5" end))
print(pcall(function() return ~1.5 end))
print(pcall(function() local s = "x" return -s end))
print(-math.mininteger, -0, -0.0, ~math.maxinteger)
local chain = setmetatable({}, {__unm = function() return setmetatable({}, {__unm = function() return "double" end}) end})
print(-(-chain))
