-- closures share upvalues
local function counter()
  local n = 0
  return function() n = n + 1 return n end, function() return n end, function(v) n = v end
end
local inc, get, set = counter()
inc() inc()
print(get())
set(100)
print(inc(), get())
local inc2, get2 = counter()
print(inc2(), get(), get2())
-- nested closures share through levels
local function outer()
  local x = 1
  local function mid()
    local function inner() x = x + 1 return x end
    return inner
  end
  return mid(), function() return x end
end
local i, g = outer()
i() i()
print(g())
-- upvalue closed after function returns but still shared
local a, b
do
  local v = "start"
  a = function() return v end
  b = function(nv) v = nv end
end
b("changed")
print(a())
-- parameters as upvalues
local function mk(p) return function() p = p * 2 return p end end
local d = mk(3)
print(d(), d(), mk(5)())
-- debug.upvalueid/joinupvalue
local f1 = function() return inc end
print(debug.upvalueid(inc, 1) == debug.upvalueid(get, 1), debug.upvalueid(inc, 1) == debug.upvalueid(inc2, 1))
local function r1() return a end
local function r2() return b end
debug.upvaluejoin(r1, 1, r2, 1)
print(r1() == b)
