-- local function vs local f = function: recursion visibility
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10), fact(20))
local fib = function(n) return n end
local fib = function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(10)) -- inner fib refers to the previous local
local ok, e = pcall(function()
  local g = function(n) if n == 0 then return 0 end return g(n - 1) end
  return g(3)
end)
print(ok, e)
-- mutual recursion via forward-declared locals
local isEven, isOdd
function isEven(n) if n == 0 then return true end return isOdd(n - 1) end
function isOdd(n) if n == 0 then return false end return isEven(n - 1) end
print(isEven(10), isOdd(7), isEven(7))
-- shadowing
local x = 1
local function shadow() local x = x + 1 return x end
print(shadow(), x)
do local x = x * 10 print(x) end
print(x)
local x = "new x"
print(x)
-- function statements assign globals or fields
function globalFn() return "global" end
print(globalFn(), type(_ENV.globalFn))
local T = {sub = {}}
function T.sub.deep(a) return a end
print(T.sub.deep("field fn"))
-- recursion depth ~ 1000 works
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(1000))
