-- tricolor-only
-- A __call that resolves to itself ends with an error (lua5.4 only stops once a million
-- arguments fill the stack, minutes later); finite chains still work; the VM goes on.
local t = setmetatable({}, {})
getmetatable(t).__call = t
print(pcall(t))
-- expect: false	'__call' chain too long; possible loop
print(pcall(function() return t(1, 2, 3) end))
-- expect: false	robust_call_chain.lua:8: '__call' chain too long; possible loop
print(pcall(function() local r = t() return r end))
-- expect: false	robust_call_chain.lua:10: '__call' chain too long; possible loop
-- A chain of three tables ending in a function: each table becomes an argument.
local f = function(...) return select('#', ...) end
local a = setmetatable({}, {__call = f})
local b = setmetatable({}, {__call = a})
local c = setmetatable({}, {__call = b})
print(c(10), (function() return c(10, 20) end)())
-- expect: 4	5
-- Through pcall directly and through a coroutine.
print(coroutine.resume(coroutine.create(function() return t() end)))
-- expect: false	robust_call_chain.lua:20: '__call' chain too long; possible loop
print(select('#', pcall(c)))
-- expect: 2
print("done")
-- expect: done
