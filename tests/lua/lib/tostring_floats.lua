-- tostring / print of floats: %.14g, integers-as-floats get ".0", inf, nan, -0.0, large values
local vals = { 0.0, -0.0, 1.0, -1.0, 0.1, 1/3, 2/3, 100.0, 1e14, 1e15, 1e16, 1e100, 123456789012.0,
  1234567890123456.0, 2^53, 2^63, -2^63, 1e-5, 1e-4, 123e-7, 5e-324, 1.7976931348623157e308,
  3.14159265358979, 0.1 + 0.2, 1e15 + 0.5, 12345678901234.5, 99999999999999.9 }
for _, v in ipairs(vals) do io.write(tostring(v), " ") end print()
print(1/0, -1/0, math.huge, -math.huge)
print(string.format("%s %s", 0/0 ~= 0/0, tostring(1e308 * 10)))
print(tostring(3) .. "|" .. tostring(3.0) .. "|" .. tostring(-0) .. "|" .. 2^31 .. "|" .. 7 // 2.0)
print(1e15, 1e16, 10 / 2, 3 * 1.0, 2^10, 10 // 3.0, -7 % 3.0)
print(math.maxinteger + 0.0, math.mininteger + 0.0, math.maxinteger // 1 | 0)
print(tostring(true), tostring(false), tostring(nil), tostring("s"), tostring(12))
print(pcall(tostring))
print(tostring(setmetatable({}, { __tostring = function() return "custom" end })))
print(pcall(tostring, setmetatable({}, { __tostring = function() return 42 end })))
print(pcall(tostring, setmetatable({}, { __tostring = function() error("in tostring") end })))
print(tostring(setmetatable({}, { __name = "Named" })):match("^Named: ") ~= nil)
print(tostring(setmetatable({}, { __name = 42 })):match("^table: ") ~= nil)
print(tostring(print):match("^function: ") ~= nil, tostring(print) == tostring(print))
