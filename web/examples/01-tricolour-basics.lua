--[[
Title: Tri-colour marking basics
Summary: Watch white, gray and black spread from the roots through a small tree of tables.

Every collection cycle starts with all objects white. Marking paints the roots gray, then takes gray objects one by one: everything a gray object points to becomes gray, and the object itself becomes black. When no gray object is left, whatever is still white is garbage.

This script stops the automatic collector and steps it one unit at a time with `gc.step()`. It prints a row each time one of the five watched tables changes colour: `root` (reachable through a global), its children `left`, `right` and `child`, and `garbage`, which nothing references.

Steps worth taking:
1. Run it (Ctrl+Enter) and read the table: `root` turns gray before its children, each child turns gray when `root` is blackened, and `child` only after `right`.
2. `garbage` never turns gray. It is gone after the atomic phase: the weak table that watches it lets go of dead objects, and the sweeper frees it.
3. During the sweep, survivors turn white again, ready for the next cycle.
4. Now press Step line (F10) a few times instead of Run, then press Unit (in the visualizer's Collector section) repeatedly and watch the same objects change colour in the Heap graph.
]]
collectgarbage("stop")  -- from here on, only gc.step() moves the collector

root = { name = "root" }
root.left = { name = "left" }
root.right = { name = "right" }
root.right.child = { name = "child" }

-- A weak-valued table sees objects without keeping them alive.
local watch = setmetatable({}, { __mode = "v" })
watch.root, watch.left, watch.right = root, root.left, root.right
watch.child = root.right.child
watch.garbage = { name = "garbage" }  -- the only reference is weak

local names = { "root", "left", "right", "child", "garbage" }
local function colours()
  local row = {}
  for _, name in ipairs(names) do
    local object = watch[name]
    row[#row + 1] = string.format("%-7s", object and gc.color(object) or "gone")
  end
  return (table.concat(row, " "):gsub("%s+$", ""))
end

print("units state       root    left    right   child   garbage")
local last, units = colours(), 0
print(string.format("%5d %-11s %s", units, gc.state(), last))
repeat
  local state = gc.step()  -- one unit of work: one object marked or swept
  units = units + 1
  local now = colours()
  if now ~= last then
    print(string.format("%5d %-11s %s", units, state, now))
    last = now
  end
until state == "pause"
print("One full cycle took " .. units .. " units.")
print("The validator says: " .. tostring(gc.validate()))
