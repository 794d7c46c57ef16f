-- string.sub with every sign combination and extreme indices
local s = "abcdef"
for _, i in ipairs({ -8, -6, -1, 0, 1, 3, 6, 7 }) do
  local row = {}
  for _, j in ipairs({ -8, -6, -2, -1, 0, 1, 4, 6, 9 }) do
    row[#row + 1] = "[" .. s:sub(i, j) .. "]"
  end
  print(i, table.concat(row, " "))
end
print(s:sub(math.mininteger), s:sub(math.maxinteger), s:sub(-math.maxinteger))
print(s:sub(2, math.mininteger), s:sub(math.mininteger, -1))
print((""):sub(1), (""):sub(-1, 1), (""):sub(0, 0))
print(s:sub("2", "3"), s:sub(2.0, -2.0))
print(pcall(string.sub, s, 1, 2.5))
print(pcall(string.sub, s, {}))
print(pcall(string.sub, s, 2^63))
print(pcall(s.sub))
