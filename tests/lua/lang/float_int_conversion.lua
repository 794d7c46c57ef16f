-- float to integer conversions where 5.4 requires an exact integer
print(1.0 | 0, 2^53 | 0, -2.0 & -1)
for _, v in ipairs({1.5, 2^63, -2^63 - 1025, 1e100, -0.0}) do
  print(v, pcall(function() return v | 0 end))
end
print(pcall(function() return math.huge // 1 | 0 end))
print(pcall(function() return (0/0) | 0 end))
local t = {}
t[1.0] = "one" t[2] = "two" t[2^53] = "big"
print(t[1], t[2.0], t[2^53 | 0], math.type(next({[3.0] = 1})))
print(string.rep("x", 3.0), pcall(string.rep, "x", 3.5))
print(("abc"):sub(2.0, 3.0), pcall(string.sub, "abc", 1.5))
print(math.tointeger(2^63), math.tointeger(-2^63), math.floor(-3.5), math.ceil(-3.5))
print(math.floor(2^62) == 2^62, math.type(math.floor(1e100)), math.type(math.floor(5.0)))
print(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3.0), pcall(math.fmod, 1, 0))
print(3 == 3.0, math.maxinteger == 2^63, math.maxinteger < 2^63, math.mininteger == -2^63)
print(2^53 == 2^53 + 1, (2^53 | 0) + 1 == 2^53 + 1)
