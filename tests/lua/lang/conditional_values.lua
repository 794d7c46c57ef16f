-- boolean-valued expressions and jump lists in every position
local vals = {nil, false, true, 0, "", 1, 2}
for i = 1, 7 do
  local a = vals[i]
  for j = 1, 7 do
    local b = vals[j]
    local r1 = a and b
    local r2 = a or b
    local r3 = not a and b or "else"
    local r4 = (a or b) and "yes" or "no"
    local r5 = not (a and b)
    io.write(tostring(r1), ",", tostring(r2), ",", tostring(r3), ",", r4, ",", tostring(r5), " ")
  end
  print()
end
local x, y = 3, 5
local lt, le, eq, ne = x < y, x <= y, x == y, x ~= y
print(lt, le, eq, ne, not lt, x > y or y > x)
local t = {}
t.flag = x < y and y < 10
t[1] = x == 3 or error("no")
t[2] = not (x > 1 and y > 1)
print(t.flag, t[1], t[2])
local function f(c) return c and 1 or 2, not c, c == nil end
print(f(nil), f(false), f(0))
local n = 0
if x < y and (y < 4 or x == 3) then n = n + 1 end
if not (x > y) and not not y then n = n + 1 end
if x == 3 and y == 5 and (x + y == 8 or false) then n = n + 1 end
if (x > 10 or y > 10) then n = 100 end
print(n)
local z = x > 0 and (y > 0 and "both" or "x only") or (y > 0 and "y only" or "none")
print(z)
local k = 1
local c = k == 1 and nil or "fallthrough"
print(c)
print(1 < 2 == true, (1 < 2) == (2 < 3), not 1 == nil)
local s = "abc"
print(s == "abc" and #s, s ~= "abc" and #s, s == "x" or s:upper())
while x < y and x ~= 4 do x = x + 1 end
print(x)
repeat y = y - 1 until y < 4 or y == x
print(y)
