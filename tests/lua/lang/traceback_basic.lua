-- debug.traceback output
local function lines(s)
  for l in s:gmatch("[^\n]+") do print((l:gsub("^%s+", "  "))) end
end
local function level3() return debug.traceback("msg", 1) end
local function level2() return level3() end
function globalfn() return level2() end
lines(globalfn())
local t = {}
function t.field() return debug.traceback("in field") end
function t:method() return debug.traceback("in method") end
lines(t.field())
lines(t:method())
lines(debug.traceback())
lines(debug.traceback("level 2", 2))
print(debug.traceback(nil))
print(debug.traceback(12))
print(type(debug.traceback({})))
local co = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co)
lines(debug.traceback(co))
lines(debug.traceback(co, "co msg"))
lines(debug.traceback(co, "co msg", 1))
print(xpcall(function() local x = nil; return x.y end, function(m) return (debug.traceback(m, 2):gsub("\n.*", "")) end))
lines(select(2, xpcall(function() error("deep") end, debug.traceback)))
