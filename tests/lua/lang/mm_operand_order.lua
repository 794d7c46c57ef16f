-- metamethods receive operands in source order, also when one operand is a constant
local function s(v) return type(v) == "table" and "O" or tostring(v) end
local mt = {}
for _, n in ipairs({"add","sub","mul","div","mod","pow","idiv","band","bor","bxor","shl","shr","lt","le","concat"}) do
  mt["__" .. n] = function(a, b) io.write(n, "(", s(a), ",", s(b), ") ") return true end
end
local o = setmetatable({}, mt)
local _ = o + 1, 1 + o, o - 1, 1 - o, o + (-1), o - (-1), o * 2.5, 2.5 * o, o / 0, 0 / o
print()
local _ = o % 3, 3 % o, o ^ 2, 2 ^ o, o // 7, 7 // o, o + 300, o - 300, o + 1e10, o - 0.0
print()
local _ = o & 1, 1 & o, o | 0xff, 0xff | o, o ~ 3, 3 ~ o, o << 1, 1 << o, o >> 2, 2 >> o
print()
local _ = o < 1, 1 < o, o <= 1, 1 <= o, o > 1, 1 > o, o >= 1, 1 >= o
print()
local _ = o < 1.5, 1.5 < o, o > 1.5, 1.5 >= o, o < "x", "x" < o, o < 1000, -1000 < o
print()
local _ = o .. "s", "s" .. o, 1 .. o, o .. 2
print()
local x = 5
print(x < 1000, x > -1000, 1000 < x, x <= 5.0, x >= 5.5, x == 5.0, x ~= 5, 5.0 == x)
local y = 2^53
print(y == 2^53, y < 2^53 + 1, y + 1 == y)
local nan = 0/0
print(nan == nan, nan ~= nan, nan < 1, 1 < nan, nan <= nan, not (nan >= 0))
local z = -0.0
print(z == 0, 0 == z, z < 0, 1/z)
