-- tostring of integers and floats (%.14g, -0.0, inf, nan, exponents)
local vals = {0, -0, 0.0, -0.0, 1, 1.0, -1.5, 100, 1e15, 1e16, 1e100, 123456789012345,
  1234567890123456, 0.1, 1/3, -1/3, 2^53, 2^63, -2^63, 1e-5, 1e-4, 123e-7, 5e-324,
  math.huge, -math.huge, math.pi, 3.0e14, 1e14, 12345678901234567890}
for i, v in ipairs(vals) do print(i, v, math.type(v)) end
print(0/0 ~= 0/0, tostring(1/0), tostring(-1/0))
print(string.format("%.14g", 0.1), string.format("%5.1f|%-5d|%+d", 3.14159, 42, 7))
print(math.mininteger, -math.mininteger, math.mininteger // -1)
print(2^31, 2^32 | 0, 1e15 | 0, math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"))
print(3 / 2, 4 / 2, 7 // 2.0, 2^2, 10 // 3)
print(string.format("%d", 3.0), pcall(string.format, "%d", 3.5))
print(1e308 * 10, -1e308 * 10)
print(255 // 1, 255 / 1, -7 // 2, -7.0 // 2)
print(tostring(-0.0), -0.0 == 0.0, 1/-0.0)
print(8 | 0, 2^53 + 1, math.ult(1, -1), math.maxinteger + 0.0)
