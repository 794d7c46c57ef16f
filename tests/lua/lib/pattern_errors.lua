-- malformed patterns: lua5.4's messages from find, match, gmatch and gsub
local pats = { "(", "%", "[a", "[", "[^", "[a-", "%b", "%bx", "%f", "%fx", "(()", "%1", "(%1)", "a)",
  ")", "%2(a)", "(a)%2", "[%", "%g%", "(a", "((a)", "%0", "[]", "[^]" }
for _, p in ipairs(pats) do
  local ok1, e1 = pcall(string.find, "abc", p)
  local ok2, e2 = pcall(string.match, "abc", p)
  local ok3, e3 = pcall(string.gsub, "abc", p, "x")
  print(p, ok1, e1, ok2 == ok1 and e2 == e1, ok3 == ok1 and e3 == e1)
end
print(pcall(string.find, "abc", string.rep("(", 40) .. "a" .. string.rep(")", 40)))
print(pcall(string.match, "a", string.rep("(a?)", 32)))
print(pcall(string.match, "a", string.rep("(a?)", 33)))
