-- string.format %a / %A (hexadecimal floats) round-trip through tonumber
local vals = { 1.0, -1.0, 0.5, 0.1, 3.0, 1e300, 2^-1074, 2^-1022, 255.5, 1/3, 0.0, 12345.678 }
for _, v in ipairs(vals) do
  local a, A = string.format("%a", v), string.format("%A", v)
  print(a, A, tonumber(a) == v, tonumber(A) == v)
end
print(string.format("%a", 1), string.format("%.3a", 1/3), string.format("%20a|", 1.0), string.format("%-20a|", 2.0))
print(string.format("%a %a", 1/0, -1/0))
print(string.format("%+a", 1.5), string.format("%.0a", 1.5))
print(string.format("%A", -0.0))
print(tonumber("0x1p4"), tonumber("0x.8p1"), tonumber("0X1P-2"), tonumber("0x1.8"), tonumber("-0x1p1"))
print(0x1p4, 0xA.8p0, 0x.1p4)
