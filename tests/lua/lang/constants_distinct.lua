-- the constant table keeps 1 and 1.0, 0.0 and -0.0, and strings apart
local a, b, c, d = 0.0, -0.0, 1, 1.0
print(1 / a, 1 / b, math.type(c), math.type(d))
local t = {0.0, -0.0, 1, 1.0, "1", 2^53, 2^53 + 1.0}
for i = 1, #t do io.write(tostring(t[i]), ":", math.type(t[i]) or type(t[i]), " ") end print()
local function k() return 3, 3.0, -3, -3.0, 65535, 65536, -65535, -65536, 2^31, -2^31, 1e300, -1e300 end
print(k())
local function kk() return 32767, 32768, -32767, -32768, -32769, 32767.0, 32768.0, -32768.0, 0.5, -0.5 end
print(kk())
for _, v in ipairs({kk()}) do io.write(math.type(v), " ") end print()
local x = 10
print(x + 127, x + 128, x - 127, x - 128, x + -129, x + 0.0, x - -0.0, x * -1, x // -1.0)
print(x == 127, x == 10.0, x ~= -0.0, x < 255, x < 256, x > -256, x >= 10.0, 10.5 > x)
print(x & 0xFF, x | 0x100, x ~ -1, x << 1, x >> 1, x & 1.0, 1 << 62)
local nan = 0/0
local inf = 1/0
print(nan ~= nan, inf, -inf, inf == math.huge, -inf == -math.huge)
print(math.maxinteger, math.maxinteger + 0.0, math.mininteger, -9223372036854775808)
print(-9223372036854775807 - 1 == math.mininteger, 9223372036854775807 == math.maxinteger)
local s1, s2 = "10", 10
print(s1 == s2, s1 .. s2, s1 + s2, #s1)
local e = {}
e[1], e[1.0], e["1"] = "i", "f", "s"
print(e[1], e["1"])
