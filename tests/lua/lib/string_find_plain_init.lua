-- string.find with init and plain, special characters, empty patterns, long subjects
local s = "a.b*c+d?e[f]g^h$i%j(k)l"
for _, p in ipairs({ ".", "*", "+", "?", "[", "]", "^", "$", "%", "(", ")" }) do
  io.write(p, "=", tostring(s:find(p, 1, true)), " ")
end
print()
print(s:find("b*c", 1, true), s:find("%*"), s:find("[%[%]]"), s:find("%(k%)"))
print(("abc"):find("", 1), ("abc"):find("", 3), ("abc"):find("", 4), ("abc"):find("", 5))
print(("abc"):find("", -1), ("abc"):find("", -10), ("abc"):find("c", 0))
print(("aaa"):find("a", 2, true), ("aaa"):find("aa", 2, true), ("aaa"):find("aa", 3, true))
print(("abc"):find("b", 1, false), ("abc"):find("b", 1, nil), ("abc"):find(".", 1, 1))
local long = string.rep("ab", 5000) .. "needle" .. string.rep("cd", 5000)
print(long:find("needle"), long:find("needle", 1, true), long:find("need%a+"), #long)
print(long:find("x"), long:find("needle", 10007))
print(("x"):find("x", math.maxinteger), ("x"):find("x", math.mininteger))
print(pcall(string.find, "abc", "b", "x"))
print(pcall(string.find, "abc", "b", 1.5))
print(string.find("abc", "b", "2"), string.find("a\0b\0c", "\0", 3, true))
