-- tricolor-only
-- Finalizers seen unit by unit: separated in atomic (to be finalized),
-- resurrected, then called one per unit in callfinalizers, newest first.
collectgarbage("stop")
gc.stepto("pause")
local order = {}
local objs = {}
for i = 1, 3 do
  objs[i] = setmetatable({name = "o" .. i}, {__gc = function(o) order[#order + 1] = o.name end})
end
-- weak keys keep seeing resurrected objects until their finalizer ran
local watch = setmetatable({}, {__mode = "k"})
for i = 1, 3 do watch[objs[i]] = i end
local function first()
  for o, i in pairs(watch) do if i == 1 then return o end end
end
print("finalizable", gc.isfinalizable(objs[1]), gc.info(objs[1]).tobefinalized)
objs = nil
gc.stepto("sweepallgc")
local i1 = gc.info(first())
print("after atomic", i1.finalizable, i1.tobefinalized, i1.resurrected, gc.color(first()))
gc.stepto("callfinalizers")
print("calls before callfinalizers", #order)
local calls = {}
while gc.state() == "callfinalizers" do
  gc.step("unit")
  calls[#calls + 1] = #order
end
print("calls per unit", table.concat(calls, " "))
print("order", table.concat(order, " "))
print("after finalizer", gc.isfinalizable(first()), gc.info(first()).tobefinalized)
-- the finalizer does not run again; the next cycle frees them
gc.step("cycle")
print("gone", first() == nil)
gc.step("cycle")
print("total calls", #order)

-- a __gc added to the metatable after setmetatable does not register
local mt = {}
local late = setmetatable({}, mt)
mt.__gc = function() print("never") end
print("late registered", gc.isfinalizable(late))
late = nil
gc.step("cycle")

-- an error in __gc becomes a warning; the collector goes on
warn("@on")
setmetatable({}, {__gc = function() error("boom") end})
setmetatable({}, {__gc = function() order[#order + 1] = "after error" end})
gc.step("cycle")
print("last", order[#order])
assert(gc.validate())
collectgarbage("restart")
-- expect: finalizable	true	false
-- expect: after atomic	false	true	true	black
-- expect: calls before callfinalizers	0
-- expect: calls per unit	1 2 3 3
-- expect: order	o3 o2 o1
-- expect: after finalizer	false	false
-- expect: gone	true
-- expect: total calls	3
-- expect: late registered	false
-- expect: last	after error
