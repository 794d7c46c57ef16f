-- Tables, strings, closures and a weak cache; the collector is stepped by hand
-- in the middle of its cycles while the program allocates.
local cache = setmetatable({}, {__mode = "v"})
local keep = {}
for i = 1, 3000 do
  local t = {id = i, name = "n" .. i, f = function() return i end}
  cache[i % 64] = t
  if i % 11 == 0 then keep[#keep + 1] = t end
end
print(#keep, collectgarbage("count") > 0)
