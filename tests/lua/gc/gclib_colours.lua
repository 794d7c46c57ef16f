-- tricolor-only
-- Colours, phases and barriers watched from Lua through the gc library.
collectgarbage("stop")            -- only explicit steps from here on
local t = {}
gc.stepto("pause")
gc.step()                         -- marks the roots
assert(gc.state() == "propagate", gc.state())
assert(gc.color(t) ~= "black")
gc.stepto("enteratomic")          -- everything reachable is black now
assert(gc.color(t) == "black", gc.color(t))
local fresh = {}
assert(gc.color(fresh) == "white")
t.x = fresh                       -- backward barrier: t turns gray again
assert(gc.color(t) == "gray")
assert(gc.info(t).graylist == "grayagain")
assert(gc.stepto("atomic") == "sweepallgc")  -- Lua cannot stop inside atomic
assert(gc.color(fresh) == "black")
assert(gc.validate())
gc.stepto("pause")
assert(gc.color(t) == "white" and gc.color(fresh) == "white")
assert(gc.age(t) >= 1)
print("colours and barriers ok")

-- ids are stable and distinct; non-objects have none
local a, b = {}, {}
assert(gc.id(a) ~= gc.id(b) and gc.id(a) == gc.id(a))
assert(gc.id(1) == nil and gc.color(true) == nil)
print("ids ok")

-- finalizable objects are flagged until their finalizer has run
local ran = false
local f = setmetatable({}, {__gc = function() ran = true end})
assert(gc.isfinalizable(f))
assert(gc.info(f).finalizable)
f = nil
gc.step("cycle")
gc.step("cycle")
assert(ran)
print("finalizer flags ok")

-- a dead object is other-white while the sweeper has not reached it
gc.stepto("pause")
gc.stepto("sweepallgc")
local states = {}
for _ = 1, 3 do states[#states + 1] = gc.step("phase") end
assert(gc.state() == "sweepend" or gc.state() == "callfinalizers" or gc.state() == "pause")
local s = gc.stats()
assert(s.objects > 0 and s.cycles > 0 and s.bytes > 0)
assert(select("#", gc.validate()) == 1)
collectgarbage("restart")
print("stats ok")
-- expect: colours and barriers ok
-- expect: ids ok
-- expect: finalizer flags ok
-- expect: stats ok
