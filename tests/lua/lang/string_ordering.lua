-- string comparison is bytewise (C locale) and length aware
local words = {"b", "a", "ab", "", "A", "Z", "z", "aa", "a\0", "a\0b", "\255", "10", "9", "-1"}
table.sort(words)
local out = {}
for i, w in ipairs(words) do out[i] = (w:gsub("%z", "\\0"):gsub("\255", "\\255")) end
print(table.concat(out, " "))
print("a" < "b", "a" < "a\0", "a\0" < "a\1", "abc" < "abd", "abc" < "ab", "" < "\0")
print("Z" < "a", "10" < "9", "a" <= "a", "b" >= "a", "\128" > "\127")
print(("x"):rep(100) < ("x"):rep(101), ("x"):rep(100) .. "a" < ("x"):rep(100) .. "b")
