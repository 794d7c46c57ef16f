-- integer arithmetic wraps around (two's complement) in 5.4
local max, min = math.maxinteger, math.mininteger
print(max, min)
print(max + 1, max + 1 == min)
print(min - 1, min - 1 == max)
print(max * 2, min * 2, max * max)
print(-min, -min == min)
print(min // -1, min % -1)
print(max + 1.0, math.type(max + 1.0))
print(1 << 63, (1 << 63) == min, 1 << 64, 1 >> 64, -1 >> 1)
print(max // 1, max % 2, min % 2)
print(math.abs(min), math.abs(max))
local x = 0x7fffffffffffffff
print(x, 0xffffffffffffffff, 0x10000000000000000)
print(9223372036854775807, 9223372036854775808, -9223372036854775808)
print(math.type(9223372036854775807), math.type(9223372036854775808))
for _, v in ipairs({1, -1, max, min, 0}) do
  print(v, v + v, v - 1, v * 3, -v, ~v)
end
