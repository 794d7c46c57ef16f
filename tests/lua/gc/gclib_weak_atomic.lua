-- tricolor-only
-- Weak tables are cleared in atomic: before it a dead entry is still there,
-- right after it the entry is gone, while strings and numbers stay.
-- Ephemeron chains converge in atomic; resurrected objects leave weak values
-- in atomic but weak keys only after their finalizer ran.
collectgarbage("stop")
local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end
gc.stepto("pause")
local wv = setmetatable({}, {__mode = "v"})
wv[1] = {}                     -- dead
wv[2] = "text"                 -- a string: never cleared
wv[3] = 42
wv[4] = wv                     -- alive
gc.stepto("enteratomic")
print("before atomic", count(wv), gc.color(wv), gc.info(wv).graylist)
gc.stepto("sweepallgc")
print("after atomic", count(wv), wv[1], wv[2], wv[3], wv[4] == wv)

-- an ephemeron chain built back to front: k1 -> k2 -> ... -> k6
local eph = setmetatable({}, {__mode = "k"})
local head = {}
do
  local keys = {head}
  for i = 2, 6 do keys[i] = {i = i} end
  for i = 5, 1, -1 do eph[keys[i]] = keys[i + 1] end
end
gc.stepto("pause")
gc.stepto("pause")
local n, k = 0, head
while eph[k] do n = n + 1; k = eph[k] end
print("chain", count(eph), n, k.i)
head = nil
gc.stepto("pause")
gc.stepto("sweepallgc")
print("chain without head, right after atomic", count(eph))

-- resurrection: weak values lose the object at once, weak keys keep it
-- until its finalizer ran
local wv2 = setmetatable({}, {__mode = "v"})
local wk2 = setmetatable({}, {__mode = "k"})
local seen
do
  local o = setmetatable({}, {__gc = function(o)
    seen = {wv = wv2[1] ~= nil, wk = wk2[o] ~= nil, info = gc.info(o).resurrected}
  end})
  wv2[1] = o
  wk2[o] = true
end
gc.stepto("pause")
gc.stepto("sweepallgc")
print("after atomic: weak value", wv2[1], "weak keys", count(wk2))
gc.stepto("pause")
print("finalizer saw", seen.wv, seen.wk, seen.info)
gc.stepto("pause")
gc.stepto("pause")
print("two cycles later: weak keys", count(wk2))
assert(gc.validate())
collectgarbage("restart")
-- expect: before atomic	4	gray	grayagain
-- expect: after atomic	3	nil	text	42	true
-- expect: chain	5	5	6
-- expect: chain without head, right after atomic	0
-- expect: after atomic: weak value	nil	weak keys	1
-- expect: finalizer saw	false	true	true
-- expect: two cycles later: weak keys	0
