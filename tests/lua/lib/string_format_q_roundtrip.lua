-- string.format %q: every value kind, and load() round-trips to the same value
local function rt(v)
  local q = string.format("%q", v)
  local back = load("return " .. q)()
  local same = back == v or (v ~= v and back ~= back)
  print(q, same, math.type(back) or type(back))
end
rt(0) rt(1) rt(-1) rt(math.maxinteger) rt(math.mininteger)
rt(1.0) rt(-0.5) rt(0.1) rt(1e300) rt(2^-1074) rt(1/0) rt(-1/0) rt(0/0) rt(2^63) rt(-0.0)
rt("") rt("plain") rt("quote\"back\\slash") rt("nl\nline") rt("cr\rtab\t")
rt("\0\1\0021\127\128\255") rt("a\0" .. "9") rt("\27[31m") rt("\r\n")
rt(true) rt(false) rt(nil)
print(string.format("%q", 255), string.format("%q", 0x7fffffffffffffff))
print(pcall(string.format, "%q", {}))
print(pcall(string.format, "%q", print))
print(pcall(string.format, "%10q", "x"))
print(pcall(string.format, "%q"))
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local s = table.concat(all)
print(load("return " .. string.format("%q", s))() == s)
