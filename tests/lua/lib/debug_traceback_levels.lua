-- debug.traceback: messages, levels, non-string messages, coroutines
local function lines(s) local n = 0 for _ in s:gmatch("[^\n]+") do n = n + 1 end return n end
local function inner() return debug.traceback("msg", 1) end
local function outer() return inner() end
print(outer())
print(debug.traceback("lvl2", 2))
print(debug.traceback())
print(debug.traceback(nil))
print(debug.traceback(42))
print(type(debug.traceback({})), debug.traceback(print) == print)
print(debug.traceback("x", 50))
print(debug.traceback("", 1):sub(1, 20))
local co = coroutine.create(function() local x = 1 coroutine.yield() end)
coroutine.resume(co)
print(debug.traceback(co))
print(debug.traceback(co, "comsg"))
print(debug.traceback(co, "lvl1", 1))
print(debug.traceback(co, nil, 0) ~= nil)
print(pcall(debug.traceback, co, "m", "x"))
local dead = coroutine.create(function() error("boom") end)
coroutine.resume(dead)
print(debug.traceback(dead))
print(debug.traceback(dead, "dead msg"))
print(xpcall(function() error("handled") end, debug.traceback))
