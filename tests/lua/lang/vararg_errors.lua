-- '...' only inside vararg functions; vararg in nested positions
local function c(src) print(select(2, load(src, "=va"))) end
c("function f() return ... end")
c("local function f(a) local g = function() return ... end end")
c("function f(...) return function() return ... end end")
c("local x = function(a, ...) return ... end return ...")
print(load("return ...", "=ok")(1, 2))
local function outer(...)
  local n = select("#", ...)
  local function inner(...) return n, select("#", ...) end
  return inner(..., "extra")
end
print(outer(1, 2, 3))
local function passthrough(...) return ... end
print(select("#", passthrough(nil, nil, nil)))
local function first(...) local a = ... return a end
print(first(9, 8, 7))
local function packed(...) local t = table.pack(...) return t.n, t[2] end
print(packed(nil, 2, nil))
local function vtab(...) return {n = select("#", ...), ...} end
local vt = vtab("a", "b")
print(vt.n, vt[1], vt[2])
local function mixed(a, b, ...) return a, b, select("#", ...) end
print(mixed(1))
print(mixed(1, 2, 3, 4, 5))
local function rec(n, ...) if n == 0 then return select("#", ...) end return rec(n - 1, n, ...) end
print(rec(50))
