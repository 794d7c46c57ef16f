-- every pack option with both endiannesses, round-tripped through unpack
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
local cases = {
  { "b", -1 }, { "B", 255 }, { "h", -2 }, { "H", 65535 }, { "i", -3 }, { "I", 4000000000 },
  { "l", -4 }, { "L", 5 }, { "j", math.mininteger }, { "J", -1 }, { "T", 6 },
  { "i1", 127 }, { "i2", -32768 }, { "i3", 8388607 }, { "i5", -1 }, { "i7", 2^40 }, { "i16", -2 },
  { "I1", 0 }, { "I3", 16777215 }, { "I9", 1 }, { "I16", math.maxinteger },
  { "f", 1.5 }, { "d", -0.1 }, { "n", 1e300 }, { "s", "str" }, { "s1", "ab" }, { "s2", "" }, { "z", "zero" },
  { "c5", "abcde" }, { "c3", "ab\0" },
}
for _, c in ipairs(cases) do
  for _, e in ipairs({ "<", ">", "=" }) do
    local p = string.pack(e .. c[1], c[2])
    local v, nxt = string.unpack(e .. c[1], p)
    print(e .. c[1], e == "=" and #p or hex(p), v == c[2] or v, nxt)
  end
end
print(string.unpack("<i2 i2", "\1\0\2\0"))
print(string.unpack("z z", "ab\0cd\0"))
print(string.unpack("<i4", string.pack("<i4", 1) .. "junk"))
print(string.unpack("B", "\1\2\3", 2), string.unpack("B", "\1\2\3", -1))
print(string.unpack("c0", "abc"), string.unpack("s1", "\3abc"))
print(string.packsize("bhilj"), string.packsize("c10"), string.packsize(""))
print(string.unpack("<I8", string.pack("<j", -1)))
print(string.unpack("<i16", string.pack("<i16", math.mininteger)))
print(string.unpack("f", string.pack("f", 0.1)) == 0.1, string.unpack("d", string.pack("d", 0.1)) == 0.1)
print(string.pack(">d", 0/0) == string.pack(">d", 0/0))
print(hex(string.pack(" < i2 > i2 ", 1, 1)))
