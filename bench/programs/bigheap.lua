-- GC with a large live heap: keep 1M small tables alive while allocating garbage.
local live = tonumber(arg and arg[1]) or 1000000
local keep = {}
for i = 1, live do keep[i] = {i} end
local sum = 0
for round = 1, 3 * live do
  local g = {round, round + 1}
  sum = (sum + g[2] - g[1] + keep[(round % live) + 1][1]) % 1000000007
end
print(string.format("live %d sum %.0f", #keep, sum))
