-- string.pack alignment with '!', 'X' and 'x', and packsize agreeing with #pack
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
local fmts = { "!<i1i4", "!<i1i8", "!<i1d", "!4<i1i8", "!2<i1i4", "!<i1Xi4", "!8<bXi8b", "<bxh", "!<i3i4",
  "!<i1!2i4", "<i1Xh", "!<bXd", "!<hXi8" }
for _, f in ipairs(fmts) do
  local ok, s = pcall(string.packsize, f)
  print(f, ok, s)
end
print(hex(string.pack("!<i1i4", 1, 2)))
print(hex(string.pack("!<i1i8", 1, 2)))
print(hex(string.pack("!4<i1i8", 1, 2)))
print(hex(string.pack("!<i1Xi4i4", 1, 2)))
print(hex(string.pack("<bxxh", 1, 2)))
print(string.unpack("!<i1i4", string.pack("!<i1i4", -5, 70000)))
print(string.unpack("!<i1i8", string.pack("!<i1i8", 7, -7)))
print(string.packsize("!"), string.packsize("!1i8"), string.packsize("!16i1i16"))
print(pcall(string.packsize, "!3i4"))
print(pcall(string.packsize, "!17"))
print(pcall(string.pack, "Xi4"))
print(pcall(string.pack, "!4i3X"))
print(pcall(string.packsize, "X"))
print(pcall(string.packsize, "i1Xz"))
print(string.packsize("i1Xi1"), string.packsize("!i1Xi16"))
