-- integer/float arithmetic semantics of Lua 5.4
print(1 + 2, 1 + 2.0, 3 - 5, 2 * 3.5, 7 / 2, 7 // 2, 7 % 3, 2 ^ 10)
print(-7 // 2, -7 % 2, 7 // -2, 7 % -2, -7.5 // 2, -7.5 % 2, 3 % -2.5)
print(math.maxinteger + 1 == math.mininteger, math.mininteger - 1 == math.maxinteger)
print(math.maxinteger * 2, math.mininteger // -1, math.mininteger % -1)
print(1e308 * 10, -1e308 * 10, 0/0 ~= 0/0)
print(5 // 0.0, -5 // 0.0, 5 % math.huge, -5 % math.huge, 5.0 % -math.huge)
print(3 & 5, 3 | 5, 3 ~ 5, ~0, 1 << 63, 1 << 64, -1 >> 1, 2^53 | 0, 3.0 & 1)
print(1 << -1, 8 >> -2, 1 >> 64, -1 << 0)
local a, b = 10, 3
print(a + b, a - b, a * b, a / b, a // b, a % b, a ^ b, -a, ~a)
local x, y = 10.5, 2
print(x + y, x - y, x * y, x / y, x // y, x % y, x ^ y, -x)
print(1 == 1.0, 2^63 == math.mininteger, math.maxinteger + 0.0 == 2^63, math.maxinteger < 2^63)
print(1 < 1.5, 2 <= 2.0, -0.0 == 0.0, 1/0 > math.maxinteger, math.mininteger <= -2^63)
print("10" + 1, "3" * "4", 10 .. 20, "0x10" + 0, "1e2" + 0)
print(100000000000000, 1e15, 2^63, -0.0, 100 // 1.0, 3 / 2, 4 / 2, 1e100)
print(0x7fffffffffffffff + 1, 0xffffffffffffffff, 9007199254740993)
for _, v in ipairs({1, 1.5, -2, "x"}) do print(v, math.type(v)) end
local i = 0
for k = 1, 3 do i = i + k end
print(i)
