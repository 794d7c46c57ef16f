-- and/or return values and short-circuit evaluation
local log = {}
local function v(x) log[#log + 1] = tostring(x) return x end
print(v(1) and v(2), v(nil) and v(3), v(false) or v("f"), v(4) or v(5))
print(table.concat(log, " "))
print(nil and nil, false and nil, nil or false, false or nil, 0 and "zero", "" and "empty")
print(not nil, not false, not 0, not "", not {})
local x = nil
print(x and x.y, x == nil or x.y)
local t = {a = false}
print(t.a or "default", t.b or "default", t.a == false and "was false")
print(1 and 2 and 3, nil or false or 0, false and error("x") or "ok")
local function multi() return 1, 2 end
print(multi() and multi(), (multi() or 5), multi() or 5)
local n = 0
local function count() n = n + 1 return true end
if count() or count() then end
if false and count() then end
while n < 5 and count() do end
print(n)
print(1 == 1 and "yes" or "no", 1 == 2 and "yes" or "no", 1 == 1 and nil or "falls through")
local c = 0
for i = 1, 10 do if i % 2 == 0 and i % 3 == 0 or i == 7 then c = c + 1 end end
print(c)
print((nil or {}).x, (false and 1) == false)
