-- metamethods with mixed operand types and orders
local mt = {}
mt.__lt = function(a, b) return (type(a) == "table" and a.v or a) < (type(b) == "table" and b.v or b) end
mt.__le = function(a, b) return (type(a) == "table" and a.v or a) <= (type(b) == "table" and b.v or b) end
mt.__add = function(a, b) return "add:" .. tostring(type(a) == "table" and a.v or a) .. "," .. tostring(type(b) == "table" and b.v or b) end
mt.__concat = function(a, b) return "cat(" .. tostring(type(a) == "table" and a.v or a) .. "," .. tostring(type(b) == "table" and b.v or b) .. ")" end
mt.__eq = function(a, b) return a.v == b.v end
local function V(v) return setmetatable({v = v}, mt) end
local a = V(5)
print(a < 10, 10 < a, a <= 5, 5 <= a, a > 1, 1 > a, a >= 5, 5 >= a)
print(a + 1, 1 + a, a + a, a + 2.5)
print(a .. "x", "x" .. a, 1 .. a, a .. a, "p" .. "q" .. a .. "r" .. "s")
print(V(1) == V(1), V(1) == V(2), V(1) ~= V(2))
local other = setmetatable({v = 1}, {__eq = function() return true end})
print(V(1) == other, other == V(1))
-- comparisons of the int/float border
print(math.maxinteger < math.maxinteger + 0.0, math.maxinteger + 0.0 == 2^63, -2^63 == math.mininteger)
print(1 < 1.1, 1 <= 0.9, -1 < -0.5, math.mininteger < -2^63, 2^53 + 1 > 2^53)
local nan = 0/0
print(nan < 1, nan > 1, nan == nan, 1 < nan, nan ~= nan)
-- __index on a function value via debug.setmetatable is not used; __index with rawget
local proxy = setmetatable({}, {__index = function(t, k) return rawget(t, "_" .. k) end})
proxy._x = "under"
print(proxy.x, proxy.y)
-- __newindex chain to a table with its own __newindex
local inner = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v * 10) end})
local outer = setmetatable({}, {__newindex = inner})
outer.q = 4
print(rawget(outer, "q"), inner.q)
-- __len results of any type
print(#setmetatable({}, {__len = function() return "len" end}))
-- __unm and __bnot get the operand twice
local u = setmetatable({}, {__unm = function(a, b) return rawequal(a, b) end, __bnot = function(a, b) return rawequal(a, b) end})
print(-u, ~u)
-- integer keys normalise
local keys = {}
keys[3.0] = "three"
print(keys[3], next(keys))
