-- A long ephemeron chain spread over several weak-key tables, linked in an
-- order that makes convergence take many rounds, built while the collector
-- runs incrementally. All of it lives while the head does; all of it goes
-- once the head is dropped.
local tabs = {}
for i = 1, 4 do tabs[i] = setmetatable({}, {__mode = "k"}) end
local keys = {}
for i = 1, 300 do keys[i] = {i = i} end
-- link i -> i+1 in table (i % 4) + 1, inserting from the tail
for i = 299, 1, -1 do
  tabs[i % 4 + 1][keys[i]] = keys[i + 1]
  if i % 50 == 0 then collectgarbage("step", 4) end
end
local head = keys[1]
keys = nil
collectgarbage()
local function count()
  local n = 0
  for _, t in ipairs(tabs) do for _ in pairs(t) do n = n + 1 end end
  return n
end
local k, len = head, 0
while true do
  local nxt = tabs[k.i % 4 + 1][k]
  if not nxt then break end
  k, len = nxt, len + 1
end
print("entries", count(), "chain length", len, "tail", k.i)
head = nil
collectgarbage()
print("entries without head", count())
-- values that reach their own key keep nothing alive
local e = setmetatable({}, {__mode = "k"})
for i = 1, 50 do local key = {}; e[key] = {key, i} end
collectgarbage()
local n = 0
for _ in pairs(e) do n = n + 1 end
print("self-referencing entries", n)
