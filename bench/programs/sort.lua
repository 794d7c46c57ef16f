-- Array fill and table.sort, with and without a comparator.
-- A linear congruential generator keeps the data identical on every VM.
local n = tonumber(arg and arg[1]) or 300000
local seed = 12345
local function nextRandom()
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed
end
local a, b = {}, {}
for i = 1, n do
  local r = nextRandom()
  a[i] = r
  b[i] = r
end
table.sort(a)
table.sort(b, function(x, y) return x > y end)
local check = 0
for i = 1, n, 97 do check = (check + a[i] - b[n + 1 - i] + i) % 1000000007 end
print(string.format("sorted %d, ordered %s, check %.0f", n, tostring(a[1] <= a[n] and b[1] >= b[n]), check))
