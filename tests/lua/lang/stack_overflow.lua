-- deep non-tail recursion raises "stack overflow" as a Lua error
local depth = 0
local function rec(n) depth = depth + 1 return 1 + rec(n + 1) end
local ok, e = pcall(rec, 1)
print(ok, (e:match("stack overflow")), depth > 1000)
print((e:gsub("stack overflow.*", "stack overflow")))
-- after a stack overflow the VM still works
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(15))
-- overflow through metamethods (C stack in lua5.4)
local mt = {}
mt.__index = function(t, k) return t[k] end
local looped = setmetatable({}, mt)
ok, e = pcall(function() return looped.x end)
print(ok, (tostring(e):match("stack overflow")))
-- tail calls do not overflow
local function tail(n) if n == 0 then return "tail done" end return tail(n - 1) end
print(tail(200000))
