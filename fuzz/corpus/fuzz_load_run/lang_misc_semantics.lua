-- method calls, varargs in table constructors and returns, select negative
local s = "hello"
print(s:len(), s:sub(2, 3), ("%5.2f"):format(3.14159))
print(select(-1, 1, 2, 3), select(-2, 1, 2, 3))
print(pcall(select, 0, 1))
local function pack2(...) return {n = select('#', ...), ...} end
local p = pack2(nil, 2, nil)
print(p.n, p[1], p[2], p[3])
local function ret(...) return ... end
print(#{ret(1, 2, 3)}, #{ret(1, 2, 3), 4}, #{4, ret(1, 2, 3)})
-- long argument lists through host functions
print(math.max(table.unpack({5, 3, 9, 1, 7})))
print(string.char(table.unpack({72, 105})))
-- integer vs float keys in loops
local acc = {}
for i = 1, 3 do acc[i] = true end
for i = 1.0, 3.0 do acc[i] = false end
print(acc[1], acc[2], acc[3], #acc)
-- nested functions and recursion through globals
function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(20), fact(21))
-- multiple assignment evaluation order
local a, b, c = 1, 2
a, b = b, a
print(a, b, c)
local t = {1, 2}
local i = 1
i, t[i] = i + 1, 20
print(i, t[1], t[2])
-- string to number coercions in concat and arithmetic via string metamethods
print("5" + 3, "2" ^ 2, -"3", "0x10" + 0, 10 .. "")
print(pcall(function() return "x" + 1 end))
-- while with complex conditions
local n = 0
while n < 10 and not (n == 5) do n = n + 1 end
print(n)
