-- string.format %q round-trips numbers and strings exactly
local vals = {0, 1, -1, math.maxinteger, math.mininteger, 1.5, -0.0, 1/3, 1e100, 2^63, math.huge, -math.huge}
for _, v in ipairs(vals) do
  local q = string.format("%q", v)
  local back = load("return " .. q)()
  print(q, back == v, math.type(back) == math.type(v))
end
local strs = {"plain", "with \"quotes\"", "nl\nline", "\0\1\2", "\r\t\\", "\200\255", "9 digits\0009"}
for _, s in ipairs(strs) do
  local q = string.format("%q", s)
  print(#q, load("return " .. q)() == s)
end
print(pcall(string.format, "%q", {}))
print(string.format("%q", true), string.format("%q", nil))
