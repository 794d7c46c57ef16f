-- utf8.codes / utf8.codepoint / utf8.char over multi-byte text; utf8.offset walking
local s = "héllo, 世界! 🌍"
for p, c in utf8.codes(s) do io.write(p, ":", c, " ") end print()
print(utf8.len(s), #s, utf8.codepoint(s, 1, -1))
print(utf8.char(utf8.codepoint(s, 1, -1)) == s)
local pos = {}
for i = 1, utf8.len(s) do pos[#pos + 1] = utf8.offset(s, i) end
print(table.concat(pos, " "))
local back = {}
for i = -1, -utf8.len(s), -1 do back[#back + 1] = utf8.offset(s, i) end
print(table.concat(back, " "))
print(pcall(utf8.offset, s, 1, 3))
print(utf8.offset(s, 0, 3), utf8.offset(s, 0, 2), utf8.offset(s, 0, #s))
print(utf8.char(0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF):byte(1, -1))
print(utf8.len("\0\0"), utf8.codepoint("\0"), #utf8.char(0))
for p, c in utf8.codes("") do print("never") end
print(type(select(2, pcall(utf8.codes, "abc", 1))))
print(select("#", utf8.codes("x")))
