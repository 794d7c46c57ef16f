-- __gc finalizers run on collection (and at exit for live objects)
local log = {}
do
  local obj = setmetatable({name = "a"}, {__gc = function(o) log[#log + 1] = "gc " .. o.name end})
end
collectgarbage()
collectgarbage()
print(#log, log[1])
-- __gc set after setmetatable is not registered
local late = setmetatable({}, {})
getmetatable(late).__gc = function() log[#log + 1] = "late" end
late = nil
collectgarbage()
print(#log)
-- resurrection: finalizer stores the object
local saved
do
  setmetatable({v = "resurrected"}, {__gc = function(o) saved = o end})
end
collectgarbage()
print(saved and saved.v)
-- errors in __gc become warnings, not errors
do setmetatable({}, {__gc = function() error("in gc") end}) end
print(pcall(collectgarbage))
-- order: finalizers run in reverse order of marking
log = {}
local hold = {}
for i = 1, 3 do hold[i] = setmetatable({}, {__gc = function() log[#log + 1] = i end}) end
hold = nil
collectgarbage()
print(table.concat(log, " "))
setmetatable({}, {__gc = function() print("finalized at exit") end})
print("end of script")
