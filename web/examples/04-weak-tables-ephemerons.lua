--[[
Title: Weak tables and ephemerons
Summary: Caches that forget, and why a weak-keyed table may point from a value back to its key.

A table with `__mode = "v"` holds its values weakly: an entry disappears once its value is only reachable through weak references. Strings, numbers and booleans are values, not objects that die, so they are never removed.

A table with `__mode = "k"` is an ephemeron table: the value of an entry is kept alive only if its key is alive through something else. A value may even refer back to its own key without keeping the pair alive, which is exactly what you want for data attached to objects you do not own.

The collector clears weak entries in the atomic phase. Ephemerons need repeated passes: marking a value can make another key reachable, so the collector keeps propagating until nothing changes.

Steps worth taking:
1. Run it: the cache keeps only `kept` and the string, and the ephemeron entry of the dropped key goes away even though its value points at the key.
2. In the chain, `k1 -> k2 -> k3` stays alive as long as `k1` does: three ephemeron passes.
3. Select the `notes` table in the visualizer after a run: it is flagged weak-keys.
]]
print("1. A weak-valued cache")
local cache = setmetatable({}, { __mode = "v" })
local keep = { "kept" }
cache.kept = keep
cache.temporary = { "nobody else refers to this" }
cache.text = "strings are never removed"
collectgarbage()
for key, value in pairs(cache) do print("   cache." .. key .. " survives (" .. type(value) .. ")") end

print("2. An ephemeron table: data attached to objects")
local notes = setmetatable({}, { __mode = "k" })
local alive, dropped = { "alive" }, { "dropped" }
notes[alive] = { owner = alive, text = "still here" }
notes[dropped] = { owner = dropped, text = "points back to its key" }
dropped = nil
collectgarbage()
local count = 0
for key, note in pairs(notes) do
  count = count + 1
  print("   entry for " .. key[1] .. ": " .. note.text)
end
print("   entries left: " .. count .. "; weak keys: " .. tostring(gc.info(notes).weakkeys))

print("3. A chain of ephemerons")
local chain = setmetatable({}, { __mode = "k" })
local k1 = {}
do
  local k2, k3 = {}, {}
  chain[k1], chain[k2], chain[k3] = k2, k3, "end"
end
collectgarbage()
local n = 0
for _ in pairs(chain) do n = n + 1 end
print("   entries reachable through k1: " .. n)
k1 = nil
collectgarbage()
n = 0
for _ in pairs(chain) do n = n + 1 end
print("   after dropping k1: " .. n)
