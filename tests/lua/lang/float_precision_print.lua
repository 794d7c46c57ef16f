-- %.14g formatting of floats in tostring, print, concat and io.write
local vals = {0.1 + 0.2, 100 / 3, 1 / 3, 2 / 3, 1e15 / 3, 123456.789e3, 0.1 * 3, 1 - 0.9,
  3.14159265358979, 2.5e-10, 1e14 + 0.5, 1e15 + 0.5, 2^-1074, 2^1023 * 1.5, 7.0, -7.0, 1e21, 1e-310}
for _, v in ipairs(vals) do
  io.write(tostring(v), " | ", v .. "", " | ")
  io.write(v, "\n")
end
print(string.format("%.17g", 0.1), string.format("%g", 1e20), string.format("%g", 0.0001))
print(string.format("%5.2f|%-8.3e|%G", 3.14159, 12345.678, 1e-10))
print(tostring(1e100):len(), 2^63, -2^63, 2^64)
print(math.tointeger(1e15), 1e15 // 1, math.type(1e15 // 1))
print(tonumber(tostring(0.1)) == 0.1, tonumber(string.format("%.17g", 0.1)) == 0.1)
