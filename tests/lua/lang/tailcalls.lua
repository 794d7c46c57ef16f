-- proper tail calls run in constant stack space
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
print(loop(100000, 0))
local function a(n) if n == 0 then return "a done" end return (function(m) return a(m) end)(n - 1) end
print(a(10000))
local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(100001))
-- tail call to a host function
local function tailhost(s) return string.upper(s) end
print(tailhost("up"))
-- tail call with varargs
local function va(n, ...) if n == 0 then return select("#", ...), ... end return va(n - 1, ...) end
print(va(1000, "x", nil, "z"))
-- tail call through __call
local callable = setmetatable({}, {__call = function(self, n) if n == 0 then return "call done" end return self(n - 1) end})
print(callable(5000))
-- a parenthesized call is not a tail call (result truncated)
local function three() return 1, 2, 3 end
local function notTail() return (three()) end
print(notTail())
-- traceback shows tail call marker
local function showtb() return debug.traceback("tb") end
local function caller() return showtb() end
local tb = caller()
print(tb:find("tail call", 1, true) ~= nil)
-- debug.getinfo istailcall
local function info() return debug.getinfo(1, "t").istailcall end
local function tcall() return info() end
local function ncall() local r = info() return r end
print(tcall(), ncall())
