local mt = {}
mt.__index = function(t, k) return k * 2 end
mt.__add = function(a, b) return 1 end
mt.__tostring = function() return "obj" end
mt.__close = function() end
mt.__eq = function() return true end
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print(a[21], a + b, tostring(a), a == b)
do local c <close> = a end
local co = coroutine.wrap(function(...) local x = coroutine.yield(...) error({x}) end)
print(co(1, 2), pcall(co, 3))
print(xpcall(function() error("boom") end, debug.traceback) ~= nil)
print(load("return ...", "chunk", "t", {})(5), next({}), rawlen({1, 2}), rawequal(a, b))
