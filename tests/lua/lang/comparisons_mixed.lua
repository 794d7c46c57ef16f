-- comparisons between integers and floats are exact
local max = math.maxinteger
print(max < 2^63, max <= 2^63, max + 0.0 == 2^63, max == max + 0.0)
print(2^53 + 1 == (2^53 | 0) + 1, (2^53 | 0) + 1 > 2^53)
print(1 < 1.5, 2 > 1.5, -1 < -0.5, 0 == -0.0, 1 <= 1.0)
print(0/0 < 1, 0/0 > 1, 0/0 == 0/0, 1 < 0/0, math.huge > max, -math.huge < math.mininteger)
print("a" < "b", "a" < "ab", "" < "a", "Z" < "a", "a\0b" < "a\0c", "abc" <= "abc")
print(pcall(function() return 1 < "2" end))
print(pcall(function() return {} < 1 end))
print(pcall(function() return nil >= 1 end))
print(pcall(function() return true < false end))
print(1 ~= 1.0, "1" ~= 1, {} ~= {}, nil == false)
local t = {}
print(t == t, rawequal(t, t), rawequal(1, 1.0), rawequal("a", "a"))
print(math.mininteger < -2^63 + 1, math.mininteger <= -2^63, 2^63 > max, -2^63 >= math.mininteger)
