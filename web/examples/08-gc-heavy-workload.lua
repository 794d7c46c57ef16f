--[[
Title: A GC-heavy workload on the heap map
Summary: Thousands of short-lived tables and a slowly changing set of survivors: the incremental collector at full speed.

Most objects die young. This script creates 2,000 small "particles" per round (each a table with a string and a small array), keeps one in 200 of them for a while and drops the rest at once. The collector runs incrementally: as the program allocates, it pays for the allocations with a little marking or sweeping, interleaved with the program. Between cycles it rests in the pause state until the heap has grown enough.

Every ten rounds the script prints the heap size, the number of objects and how many collection cycles have completed: the heap stays small although the program allocates megabytes.

Steps worth taking:
1. Switch the visualizer's Heap panel to its Map tab, run it and watch the map: waves of new white objects appear and are swept away, while a few long-lived survivors are marked again in every cycle and grow older (select one to see its age and where it was allocated).
2. Press Pause (F8) in the middle, step the collector with Unit and Phase (in the visualizer's Collector section), then Continue.
3. Lower the memory limit (in the toolbar) to 1 MB and run again: the collector has to work harder, but the script still fits.
]]
local survivors = {}
local function particle(i)
  return { x = i % 97, y = i % 89, label = "p" .. i, trail = { i, i + 1, i + 2 } }
end

local start = gc.stats()
for round = 1, 60 do
  for i = 1, 2000 do
    local p = particle(round * 2000 + i)
    if i % 200 == 0 then survivors[#survivors + 1] = p end
  end
  while #survivors > 300 do table.remove(survivors, 1) end
  if round % 10 == 0 then
    local s = gc.stats()
    print(string.format("round %2d: %6.1f KB, %5d objects, %3d cycles so far",
      round, s.bytes / 1024, s.objects, s.cycles - start.cycles))
  end
end
print(#survivors .. " survivors; validator: " .. tostring(gc.validate()))
