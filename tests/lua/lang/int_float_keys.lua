-- float keys with integer values are normalized to integers
local t = {}
t[1] = "int"
t[1.0] = "float overwrites"
print(t[1], #t)
t[2^53] = "2^53"
print(t[2^53 | 0], t[9007199254740992])
t[0.5] = "half"
print(t[0.5], t[1/2])
t[-0.0] = "negzero"
print(t[0], t[0.0])
local n = 0
for k, v in pairs({[1.0] = 1, [2.0] = 2}) do n = n + 1 io.write(math.type(k), " ") end
print(n)
print(next({[3.0] = true}))
local inf = {}
inf[math.huge] = "inf" inf[-math.huge] = "-inf"
print(inf[1/0], inf[-1/0])
local s = {}
s["1"] = "string key" s[1] = "int key"
print(s["1"], s[1])
print(rawget({[1.0] = "r"}, 1), rawget({[1] = "r"}, 1.0))
local m = {}
m[math.maxinteger] = "max" m[math.mininteger] = "min" m[2^63] = "float 2^63"
print(m[math.maxinteger], m[math.mininteger], m[-2^63], m[2^63])
