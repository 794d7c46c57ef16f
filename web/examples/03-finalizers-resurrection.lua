--[[
Title: Finalizers and resurrection
Summary: A `__gc` metamethod runs after its object dies, and can bring the object back to life.

An object whose metatable has a `__gc` field when `setmetatable` is called is finalizable: the collector keeps it on a separate list. When marking finds it unreachable, the atomic phase moves it to the to-be-finalized list and marks it again, together with everything it references: it is resurrected, because the finalizer is about to receive it. Finalizers run later, in the callfinalizers phase, never inside atomic.

A finalizer can store its object somewhere reachable: then the object stays alive for good. Its finalizer will not run a second time unless `setmetatable` marks it for finalization again.

Steps worth taking:
1. Run it and follow the states: atomic decides, the sweep runs, and only then do the finalizers run.
2. Note the order: finalizers run in the reverse order of `setmetatable` calls.
3. Press Step line (F10) up to `gc.stepto("atomic")`, then press Phase (in the visualizer's Collector section) until the collector reaches atomic. Inside atomic the program is locked out (the status bar says so) and each press of Phase runs one sub-step: after `separatefinalizable` the Finalization panel (or tab) shows the two objects on the to-be-finalized list. Then press Continue.
]]
collectgarbage("stop")
local saved = nil

local function resource(name)
  return setmetatable({ name = name }, { __gc = function(self)
    print(string.format("   __gc(%s) in state %s, colour %s", self.name, gc.state(), gc.color(self)))
    if self.name == "phoenix" then saved = self end  -- resurrection: reachable again
  end })
end

local plain = resource("plain")
local phoenix = resource("phoenix")
print("finalizable: plain " .. tostring(gc.isfinalizable(plain)) .. ", phoenix " .. tostring(gc.isfinalizable(phoenix)))
plain, phoenix = nil, nil  -- both unreachable now

print("stepping into the atomic phase (it runs as one step)...")
print("   now in state " .. gc.stepto("atomic"))
print("stepping to the finalizer phase...")
print("   now in state " .. gc.stepto("callfinalizers"))
gc.stepto("pause")

local info = gc.info(saved)
print(string.format("saved = %s: colour %s, resurrected %s,", saved.name, info.color, tostring(info.resurrected)))
print("still finalizable: " .. tostring(info.finalizable))
saved = nil
collectgarbage()
collectgarbage()
print("Two more full collections:")
print("the phoenix finalizer did not run again.")
