-- empty matches in gsub/gmatch/find (5.4 semantics: an empty match right after a match is skipped)
print(string.gsub("abc", "%w*", "-"))
print(string.gsub("abc", "b*", "-"))
print(string.gsub("", "b*", "-"))
print(string.gsub("a,b,,c", ",*", "|"))
print(string.gsub("hello world", "o*", "0"))
print(string.gsub("abc", ".-", "-"))
print(string.gsub("abc", "x?", "[%0]"))
local r = {}
for m in string.gmatch("abc", "b*") do r[#r + 1] = "<" .. m .. ">" end
print(table.concat(r))
r = {}
for a, b in string.gmatch("a1b22c333", "(%a)(%d*)") do r[#r + 1] = a .. "=" .. b end
print(table.concat(r, " "))
print(string.find("abc", "b*"), string.find("abc", "b*", 2), string.match("abc", "b*", 2))
print(string.gsub("aaa", "a*", "X", 1), string.gsub("aaa", "a-", "X"))
print(string.gsub("one two", "(%w*)", "<%1>"))
