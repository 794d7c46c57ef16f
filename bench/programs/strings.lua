-- String building and patterns: format, gsub, find, concat, rep.
local n = tonumber(arg and arg[1]) or 200000
local parts = {}
for i = 1, n do parts[#parts + 1] = string.format("item-%05d:%x;", i, i * 7) end
local s = table.concat(parts)
local replaced, count = s:gsub("item%-(%d+)", "<%1>")
local found, pos = 0, 1
while true do
  local a, b = string.find(s, "%x+;", pos)
  if not a then break end
  found = found + 1
  pos = b + 1
end
local words = 0
for w in replaced:gmatch("<(%d+)>") do words = words + #w end
local built = ""
for i = 1, 2000 do built = built .. (i % 10) end
print(string.format("len %d gsub %d found %d words %d built %d upper %s",
  #s, count, found, words, #built, string.upper(string.sub(s, 1, 10))))
