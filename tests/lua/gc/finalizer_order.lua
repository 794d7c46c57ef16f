-- Finalizers of objects collected in one cycle run newest first; finalizers
-- still pending when the script ends run at close, after the last output.
-- (Objects become garbage all at once, with one store, so the order is the
-- same however the collector's steps fall, e.g. under --gc-stress.)
local keep = {}
for _, name in ipairs{"A", "B", "C"} do
  keep[#keep + 1] = setmetatable({}, {__gc = function() print("gc", name) end})
end
keep = nil
collectgarbage()
print("after first collect")

-- A __gc field added after setmetatable does not register the object.
local mt = {}
local late = setmetatable({}, mt)
mt.__gc = function() print("never printed") end
late = nil
collectgarbage()
print("late __gc ignored")

local t = {}
for i = 1, 5 do t[i] = setmetatable({}, {__gc = function() print("gc", i) end}) end
t = nil
collectgarbage()

-- Pending at exit: run when the VM closes, newest first.
atexit = {}
for _, name in ipairs{"D", "E", "F"} do
  atexit[#atexit + 1] = setmetatable({}, {__gc = function() print("close gc", name) end})
end
print("end of script")
