-- math.random sequences after math.randomseed(n) match lua5.4 (xoshiro256**)
for _, seed in ipairs({ 0, 1, 42, -7, 123456789, math.maxinteger, math.mininteger }) do
  math.randomseed(seed)
  local t = {}
  for i = 1, 4 do t[#t + 1] = math.random(0) end
  for i = 1, 3 do t[#t + 1] = math.random(100) end
  for i = 1, 3 do t[#t + 1] = math.random(-5, 5) end
  t[#t + 1] = string.format("%.17g", math.random())
  print(seed, table.concat(t, " "))
end
math.randomseed(1, 2)
print(math.random(0), math.random(1, 6), string.format("%.17g", math.random()))
math.randomseed(3.0)
print(math.random(1000))
math.randomseed(5)
print(math.random(math.mininteger, math.maxinteger), math.random(math.maxinteger), math.random(3, 3))
print(math.random(1 << 40, (1 << 40) + 10))
print(pcall(math.random, 2, 1))
print(pcall(math.random, 0.5))
print(pcall(math.random, 1, 2, 3))
print(pcall(math.random, "x"))
print(pcall(math.random, 0))
print(pcall(math.randomseed, "x"))
print(pcall(math.randomseed, 1.5))
print(pcall(math.random, -1))
local a = { math.randomseed(99) }
print(#a)
