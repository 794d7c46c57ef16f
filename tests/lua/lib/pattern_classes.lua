-- every character class and its complement over all 256 bytes (counts and first members)
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)
for _, c in ipairs({ "a", "c", "d", "g", "l", "p", "s", "u", "w", "x" }) do
  local n1 = select(2, all:gsub("%" .. c, ""))
  local n2 = select(2, all:gsub("%" .. c:upper(), ""))
  local first = all:match("%" .. c)
  print(c, n1, n2, n1 + n2, first and first:byte())
end
print(select(2, all:gsub(".", "")), select(2, all:gsub("%.", "")), select(2, all:gsub("%%", "")))
print(select(2, all:gsub("[%a%d]", "")), select(2, all:gsub("[^%a%d]", "")))
print(select(2, all:gsub("[a-f]", "")), select(2, all:gsub("[^a-f]", "")), select(2, all:gsub("[f-a]", "")))
print(select(2, all:gsub("[%]]", "")), select(2, all:gsub("[]]", "")), select(2, all:gsub("[^]]", "")))
print(select(2, all:gsub("[a-]", "")), select(2, all:gsub("[-a]", "")), select(2, all:gsub("[%-]", "")))
print(select(2, all:gsub("[\0-\31]", "")), select(2, all:gsub("[\128-\255]", "")))
print(string.find("a]b", "[]]"), string.find("a^b", "[%^]"), string.find("a^b", "[b^]"))
print(string.match("x", "[%w_]"), string.match("_", "[%w_]"), string.match("-", "[%w_]"))
