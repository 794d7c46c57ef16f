-- numeral syntax forms and their subtypes
local forms = {"3", "3.", ".3", "3.0", "3e2", "3E-2", "0x1F", "0X1f", "0x.8", "0x8.", "0x1p4", "0x1P-1",
  "0xA.8P0", "1e+10", "9223372036854775807", "9223372036854775808", "0x7FFFFFFFFFFFFFFF",
  "0xFFFFFFFFFFFFFFFF", "0x1FFFFFFFFFFFFFFFF", "1e308", "1e309", "0e0", "00012", "0x0", "3.14159265358979323846"}
for _, s in ipairs(forms) do
  local v = load("return " .. s)()
  print(s, v, math.type(v))
end
for _, s in ipairs({"3..2", "0x", "1e", "0x1p", ".", "3.4.5", "0xx1", "1_000", "1e1.5", "0x1.1.1"}) do
  print(s, select(2, load("return " .. s, "=num")))
end
print(tonumber("0x1p4"), tonumber("1e1"), tonumber(" 0x1F "), tonumber("1 0"), tonumber(""), tonumber(" "))
