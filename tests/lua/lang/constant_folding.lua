-- expressions on constants must behave exactly like runtime operations
print(1 // 0.0, -1 // 0.0, 0.0 / 0.0 ~= 0.0 / 0.0, -0.0, 0.0 * -1, 1 / -0.0)
print(math.maxinteger + 1, math.mininteger - 1, 9223372036854775807 + 1, -9223372036854775807 - 2)
print(7 // 2, 7.0 // 2, -7 // 2, 7 % -3, -7 % 3, 7.5 % 2, 2 ^ 10, 10 / 2)
print(1 << 63, 1 << 64, -1 >> 1, ~0, 5 & 3, 5 | 3, 5 ~ 3)
print(-(-9223372036854775807 - 1), - -1, -(0), -(0.0))
print("10" + 0, "0x10" * 1, 2 ^ 0.5 == math.sqrt(2))
print(pcall(load("return 1 // 0")))
print(pcall(load("return 1 % 0")))
print(pcall(load("return 1.5 | 0")))
print(pcall(load("return 'a' + 1")))
print(pcall(load("return 2^63 | 0")))
print(pcall(load("return -{}")))
print(pcall(load("return #5")))
if false then print("never") end
if nil then print("never") elseif 0 then print("zero is true") end
while false do print("never") end
repeat local once = true until true
print(not nil, not 1, not not "x", 1 == 1.0, "a" == "a", 1 < 2, "a" < "b")
local k <const> = 3
local k2 <const> = k * 2
local ks <const> = "s" .. k
print(k, k2, ks, k // 0.0, k2 % 4)
print(3 | 0 == 3, 0x7fffffffffffffff * 2, 1e308 * 10, -1e308 * 10)
print(math.type(3 // 1), math.type(3.0 // 1), math.type(2^2), math.type(4 / 2))
print(1 .. 2, 1.0 .. "", 2^63 .. "", -0.0 .. "")
local function f() return 0x10p-1, 0xA // 3, 1e2 // 7 end
print(f())
