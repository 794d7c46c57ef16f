-- debug.traceback: messages, levels, non-string messages, threads
print(debug.traceback("msg"))
print(debug.traceback("msg", 2))
print(type(debug.traceback({})), debug.traceback(nil), debug.traceback("m", 50))
print(debug.traceback(12))
local function lvl3() return debug.traceback("deep") end
local function lvl2() return lvl3() .. "" end
print(lvl2())
local co = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co)
print(debug.traceback(co))
print(debug.traceback(co, "hi", 1))
print(debug.traceback(co, nil, 5))
print(debug.getinfo(co, 0, "l").currentline, debug.getinfo(co, 1, "l").currentline, debug.getinfo(co, 2, "l"))
print(pcall(debug.traceback, co, "x", "bad"))
