-- sets: ranges, escapes and classes inside sets, odd ranges, complements
local function m(s, p) return (string.gsub(s, p, "_")) end
local s = "aZ09-_]^%.[ \t"
for _, p in ipairs({ "[a-z]", "[A-Z]", "[0-9]", "[%a]", "[%d%-]", "[_%]]", "[%^]", "[%%]", "[%.]", "[%[]",
  "[^%w]", "[^%s]", "[a-]", "[-z]", "[%a-z]", "[z-a]", "[%w_]", "[^%a%d]", "[9-0]", "[]]", "[]a]", "[^]a]",
  "[%s]", "[\t]", "[^\t ]", "[--/]" }) do
  print(p, m(s, p))
end
print(string.find("x-y", "[%w-]+"), string.match("2024-01", "[%d-]+"))
print(pcall(string.find, "x", "[%"))
print(pcall(string.find, "x", "[a-%"))
print(string.match("é", "[\128-\255]+") == "é", string.match("abc", "[\0-a]+"))
