local s = string.format("%5.2f|%-8s|%q|%x|%g|%a", 3.14159, "ab", "a\n\0b", 255, 1e100, 0.5)
print(s, ("hello world"):gsub("(%w+)", "<%1>"), string.find("abc", "b", 1, true))
print(string.match("key=val", "(%w+)=(%w+)"), string.rep("ab", 3, ","), ("x"):byte(), string.char(65, 66))
for k, v in string.gmatch("a=1, b=2", "(%w+)=(%w+)") do print(k, v) end
print(string.pack("<i4 s1 z", 7, "ab", "cd"):len(), string.unpack("<i4", string.pack("<i4", -3)))
print(utf8.char(72, 228, 8364), utf8.len("häh"), table.concat({1, 2, 3}, "-"), select("#", table.unpack({1, 2, nil, 4}, 1, 4)))
print(math.tointeger(3.0), math.type(1), math.maxinteger // -1, 7 // 0.0, pcall(function() return 1 // 0 end))
print(os.time{year=2020, month=1, day=1, hour=0}, os.date("!%Y-%m-%d", 0), tostring(nil), tonumber("0x10"), tonumber("z", 36))
