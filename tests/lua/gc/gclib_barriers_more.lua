-- tricolor-only
-- Barriers seen from Lua: forward (closed upvalue, metatable), backward
-- (ordinary table), forward for large tables, and the re-traversal of dirty
-- tables before atomic.
collectgarbage("stop")
local function fwd() return gc.stats().barriersforward end
local function back() return gc.stats().barriersback end

-- forward barrier: a closed upvalue of a black closure gets a white table
local up = {}
local function getUp() return up end
local function setUp(v) up = v end
gc.stepto("pause")
gc.stepto("enteratomic")
print("closure", gc.color(getUp), gc.color(setUp))
local fresh = {}
local f0 = fwd()
setUp(fresh)
print("forward fired", fwd() - f0, "child", gc.color(fresh), "closure", gc.color(getUp))
assert(gc.validate())

-- forward barrier: setmetatable on a black table shades the metatable
local obj = {}
gc.stepto("pause")
gc.stepto("enteratomic")
local mt = {}
f0 = fwd()
setmetatable(obj, mt)
print("setmetatable", fwd() - f0, "table", gc.color(obj), "metatable", gc.color(mt))
assert(gc.validate())

-- backward barrier on an ordinary table; forward on a large one
local small, large = {}, {}
for i = 1, 3000 do large[i] = i end
gc.stepto("pause")
gc.stepto("enteratomic")
local b0, f1 = back(), fwd()
local c1, c2 = {}, {}
small.x = c1
large[5] = c2
print("small", gc.color(small), gc.info(small).graylist, "child", gc.color(c1), back() - b0)
print("large", gc.color(large), gc.info(large).graylist, "child", gc.color(c2), fwd() - f1)
assert(gc.validate())
gc.stepto("sweepallgc")
print("after atomic", gc.color(small), gc.color(c1), gc.color(large), gc.color(c2))

-- a table dirtied during propagation is traversed again before atomic
gc.stepto("pause")
gc.step()
local dirty = {}
while gc.color(dirty) ~= "black" do gc.step() end
dirty.k = {}
print("dirty", gc.color(dirty), gc.info(dirty).graylist)
gc.stepto("enteratomic")
print("before atomic", gc.color(dirty), gc.info(dirty).graylist, gc.color(dirty.k))

-- barriers while sweeping whiten the parent instead
gc.stepto("sweepallgc")
local holder = {}
gc.stepto("pause")
gc.stepto("sweepallgc")
-- holder was marked black; the sweeper has not repainted it yet (it is old)
local before = gc.color(holder)
holder.y = {}
print("sweep barrier", before, gc.color(holder), gc.color(holder.y))
gc.stepto("pause")
assert(gc.validate())
collectgarbage("restart")
-- expect: closure	black	black
-- expect: forward fired	1	child	gray	closure	black
-- expect: setmetatable	1	table	black	metatable	gray
-- expect: small	gray	grayagain	child	white	1
-- expect: large	black	none	child	gray	1
-- expect: after atomic	black	black	black	black
-- expect: dirty	gray	grayagain
-- expect: before atomic	black	none	black
-- expect: sweep barrier	black	white	white
