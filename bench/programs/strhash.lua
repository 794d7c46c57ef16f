-- Hash tables with string keys: build, look up, update and count.
local n = tonumber(arg and arg[1]) or 200000
local t = {}
for i = 1, n do t["key" .. i] = i end
-- A float accumulator: exact up to 2^53 whatever the integer width (the manual allows 32-bit
-- integers, and Fengari has them; an integer sum here passes 2^31).
local sum = 0.0
for round = 1, 5 do
  for i = 1, n, 3 do
    local k = "key" .. i
    sum = sum + t[k]
    t[k] = t[k] + round
  end
end
local count = 0
for _ in pairs(t) do count = count + 1 end
print(string.format("count %d sum %.0f", count, sum))
