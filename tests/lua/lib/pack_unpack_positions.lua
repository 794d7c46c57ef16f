-- string.unpack: init positions (negative, end), returned next position, sequences of values
local s = string.pack("<i2 i2 i2", 1, 2, 3)
print(string.unpack("<i2", s), string.unpack("<i2", s, 3), string.unpack("<i2", s, -2))
print(string.unpack("<i2 i2 i2", s))
print(pcall(string.unpack, "<i2", s, 6))
print(string.unpack("<i2", s, 5), pcall(string.unpack, "<i2", s, 7))
print(string.unpack("", s, 7), pcall(string.unpack, "", s, 8))
print(string.unpack("z", "abc\0def\0", 5))
print(string.unpack("s1 s1", "\1a\2bc"))
local pos, vals = 1, {}
local data = string.pack(">I3 >I3 >I3", 100, 200, 300)
while pos <= #data do
  local v
  v, pos = string.unpack(">I3", data, pos)
  vals[#vals + 1] = v
end
print(table.concat(vals, ","), pos)
print(select("#", string.unpack("i1 i1 i1 i1 i1", "\1\2\3\4\5")))
print(string.unpack("=I4", string.pack("=I4", 0xdeadbeef)) == 0xdeadbeef)
print(string.unpack("!4 i1 !4 i4", string.pack("!4 i1 !4 i4", 1, 2)))
print(string.unpack("<d>d", string.pack("<d>d", 1.5, -2.25)))
