-- tricolor-only
-- The colour a new object gets depends on the phase it is born in (Lua 5.4):
-- white (the current white) in every phase Lua code can run in. Lua code
-- never runs inside atomic (the mutator is locked), so it never sees
-- "atomic" and never sees an object born there.
collectgarbage("stop")
gc.stepto("pause")
local born = {}
born.pause = {}
gc.step()                               -- marks the roots
assert(gc.state() == "propagate")
born.propagate = {}
print("born in propagate", gc.color(born.propagate))
gc.stepto("enteratomic")
print("marked by enteratomic", gc.color(born.propagate))
born.enteratomic = {}
print("born in enteratomic", gc.color(born.enteratomic))
-- born is black (traversed), its new children are white: the backward
-- barrier made born gray again, so atomic will see them
print("holder", gc.color(born), gc.info(born).graylist)
print("stepto atomic", gc.stepto("atomic"))
print("survivors after atomic", gc.color(born.propagate), gc.color(born.enteratomic))
born.sweep = {}
print("born in sweep", gc.color(born.sweep))
gc.stepto("callfinalizers")
born.callfinalizers = {}
print("born in callfinalizers", gc.color(born.callfinalizers))
gc.stepto("pause")
for _, k in ipairs{"pause", "propagate", "enteratomic", "sweep", "callfinalizers"} do
  io.write(k, "=", gc.color(born[k]), " ")
end
print()

-- unit by unit from enteratomic: one call runs all of atomic
gc.step("cycle")
gc.stepto("enteratomic")
local seen = {}
for _ = 1, 3 do seen[#seen + 1] = gc.step("unit") end
print("units from enteratomic", seen[1])
local sawAtomic = false
gc.stepto("pause")
for _ = 1, 100000 do
  local s = gc.step("unit")
  if s == "atomic" or gc.state() == "atomic" then sawAtomic = true end
  if s == "pause" then break end
end
print("Lua saw atomic", sawAtomic)
assert(gc.validate())
collectgarbage("restart")
-- expect: born in propagate	white
-- expect: marked by enteratomic	black
-- expect: born in enteratomic	white
-- expect: holder	gray	grayagain
-- expect: stepto atomic	sweepallgc
-- expect: survivors after atomic	black	black
-- expect: born in sweep	white
-- expect: born in callfinalizers	white
-- expect: pause=white propagate=white enteratomic=white sweep=white callfinalizers=white 
-- expect: units from enteratomic	sweepallgc
-- expect: Lua saw atomic	false
