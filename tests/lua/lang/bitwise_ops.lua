-- bitwise operators on integers
local vals = {0, 1, -1, 0xFF, math.maxinteger, math.mininteger, 0x5555555555555555}
for _, a in ipairs(vals) do
  print(string.format("%x %x %x %x", a & 0xF0F0, a | 0x0F, a ~ -1, ~a))
end
for _, s in ipairs({0, 1, 4, 63, 64, 65, -1, -4, -64}) do
  print(s, 1 << s, -1 >> s, 0x100 >> s, math.mininteger >> s)
end
print(3.0 & 1, 2^32 | 1, -0.0 | 0)
print(pcall(function() return "0xff" & 15 end)) -- strings have no bitwise metamethods
print(math.ult(-1, 1), math.ult(1, -1), math.ult(0, 0))
print(5 // 0.0, -5 // 0.0, 0x7fffffffffffffff >> 62, 0xffffffffffffffff >> 63)
print(string.format("%d", ~0 >> 1), 1 << 63 >> 63, (1 << 63) // 2)
