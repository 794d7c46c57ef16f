-- math.random / math.randomseed: the seeded sequence matches lua5.4
print(math.randomseed(42))
print(math.random(1, 10), math.random(1, 10), math.random(1, 10), math.random(100))
print(math.random(), math.random())
print(math.random(0), math.random(math.mininteger, math.maxinteger))
print(math.random(-10, -5), math.random(3, 3), math.random(math.maxinteger - 1, math.maxinteger))
math.randomseed(123, 456)
local t = {}
for i = 1, 10 do t[i] = math.random(1000) end
print(table.concat(t, " "))
math.randomseed(0)
print(math.random(1 << 40), math.random(7))
math.randomseed(-1)
print(math.random(1 << 62))
print(math.randomseed(7))
print(math.randomseed("9"))
print(pcall(math.randomseed, 1.5))
print(pcall(math.randomseed, "x"))
print(pcall(math.random, 2, 1))
print(pcall(math.random, 1, 2, 3))
print(pcall(math.random, 1.5))
print(pcall(math.random, 0.5, 1))
print(pcall(math.random, 1, 2.5))
print(pcall(math.random, -1))
-- values are always in range
math.randomseed(99)
local okRange = true
for i = 1, 1000 do
  local r = math.random(5, 9)
  local f = math.random()
  if r < 5 or r > 9 or f < 0 or f >= 1 or math.type(r) ~= "integer" then okRange = false end
end
print(okRange)
-- unseeded calls work (value not printed: it depends on the clock)
math.randomseed()
print(math.type(math.random(10)))
