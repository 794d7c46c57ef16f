-- calls, varargs, multiple results, tail calls
local function f(...) return ... end
print(f(1, 2, 3))
print((f(1, 2, 3)))
print(f(), "x")
print(select('#', f(nil, nil, nil)))
local function g(a, b, ...) return a, b, select('#', ...), ... end
print(g(1))
print(g(1, 2, 3, 4))
local t = {f(1, 2, 3), f(4, 5, 6)}
print(#t, t[1], t[2], t[4])
local function count(n) if n == 0 then return "done" end return count(n - 1) end
print(count(1000000))
local function sum(n, acc) if n == 0 then return acc end return sum(n - 1, acc + n) end
print(sum(10000000, 0))
local function va(...) local a, b = ... return a, b, ... end
print(va(1, 2, 3))
print(table.unpack({1, 2, 3}))
local function many() return 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 end
print(many())
print(({many()})[10], #{many()})
local obj = {n = 0}
function obj:inc(k) self.n = self.n + (k or 1) return self end
obj:inc():inc(5):inc()
print(obj.n)
local callable = setmetatable({}, {__call = function(self, a, b) return a + b, self end})
print((callable(3, 4)))
local r1 = callable(1, 2)
print(r1)
local function deep(n) if n == 0 then return 0 end return 1 + deep(n - 1) end
print(deep(10000))
print(pcall(f, 1, 2))
print(string.format("%d %s", 5, "x"))
local function varsel(...) return select(2, ...) end
print(varsel("a", "b", "c"))
local function tailhost(...) return select('#', ...) end
print(tailhost(1, nil, 3))
