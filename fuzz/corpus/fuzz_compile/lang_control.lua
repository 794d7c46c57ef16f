-- control flow
for i = 10, 1, -3 do io.write(i, " ") end print()
for i = 1, 3 do for j = 1, 3 do if j == 2 then break end io.write(i, j, " ") end end print()
for x = 1.0, 2.0, 0.25 do io.write(x, " ") end print()
for i = math.maxinteger - 2, math.maxinteger do io.write(i, " ") end print()
for i = math.mininteger, math.mininteger + 2 do io.write(i, " ") end print()
for i = 1, 0 do print("never") end
for i = 3, 1.5, -1 do io.write(i, " ") end print()
for i = "2", 3 do io.write(i, " ") end print()
local n = 0
while true do n = n + 1 if n > 5 then break end end
print(n)
repeat local z = n n = n - 1 until z < 3
print(n)
local i = 1
::again::
if i < 4 then i = i + 1 goto again end
print(i)
local t = {}
for k, v in pairs({a = 1}) do t[#t + 1] = k .. v end
print(t[1])
for idx, v in ipairs({"a", "b", nil, "d"}) do io.write(idx, v, " ") end print()
local x = nil or false or "x"
local y = 1 and nil
print(x, y, not nil, not 0, 1 and 2, false or nil)
if nil then print(1) elseif false then print(2) else print(3) end
local v = 5
print(v > 3 and "big" or "small", v < 3 and "big" or "small")
print(1 == 1 and 2 == 2, 1 == 2 or 3 == 3, "a" < "b", "abc" < "abd", "Z" < "a", "" < "a", "a\0b" < "a\0c")
