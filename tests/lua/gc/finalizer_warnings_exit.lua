-- Errors in __gc become warnings (on stderr, with warnings on) and the
-- program goes on; finalizers run in the reverse order of registration
-- (setmetatable), not of creation; finalizers still pending at exit run
-- when the state closes, after the last line of the script.
warn("@on")
local a, b, c = {name = "a"}, {name = "b"}, {name = "c"}
local mt = {__gc = function(o) print("gc", o.name) end}
setmetatable(c, mt)
setmetatable(a, mt)
setmetatable(b, mt)
a, b, c = nil, nil, nil
collectgarbage()
print("registration order checked")
setmetatable({}, {__gc = function() error("boom in __gc") end})
collectgarbage()
print("still running after a failing finalizer")
-- a finalizer that errors with a non-string
setmetatable({}, {__gc = function() error(setmetatable({}, {__tostring = function() return "obj" end})) end})
collectgarbage()
print("still running")
keep = {}
for i = 1, 3 do keep[i] = setmetatable({name = "exit" .. i}, mt) end
print("end of script")
