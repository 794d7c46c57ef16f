--[[
Title: The write barrier in action
Summary: Store a white object into a black one mid-cycle and watch the barrier repair the invariant.

Incremental marking lets the program run between marking steps. That is dangerous: if the program stores a reference to a white object into an object that is already black, the collector will never look at the black object again, and the white object would be freed while still in use.

The write barrier prevents it. Tables use a backward barrier: the black table is turned gray again (it goes on the `grayagain` list) and is rescanned in the atomic phase. Most other stores, such as setting a metatable, use a forward barrier: the stored white object is grayed at once.

Steps worth taking:
1. Run it and compare the colours before and after each store, and the barrier counters. (The second backward barrier comes from `owner = {}`: a store into the global table, which is black by then.)
2. The last part stores into an open upvalue: no barrier fires, because the value lives on a thread's stack and stacks are always rescanned in the atomic phase.
3. Press Step line (F10) until the line `holder.child = fresh` is highlighted, then look at `holder` in the visualizer before and after one more step.
]]
collectgarbage("stop")

-- Steps the collector until `object` is black (it must be reachable).
local function stepUntilBlack(object)
  while gc.color(object) ~= "black" do gc.step() end
end

local function barriers()
  local s = gc.stats()
  return string.format("   barriers so far: %d forward, %d backward", s.barriersforward, s.barriersback)
end

print("1. Backward barrier: storing into a table")
holder = { name = "holder" }
gc.stepto("propagate")
stepUntilBlack(holder)
local fresh = { name = "fresh" }  -- new objects are born white
print("   before: holder " .. gc.color(holder) .. ", fresh " .. gc.color(fresh))
holder.child = fresh                 -- black -> white: the barrier fires
print("   after:  holder " .. gc.color(holder) .. " (list " .. gc.info(holder).graylist .. "), fresh " .. gc.color(fresh))
print(barriers())

print("2. Forward barrier: setting a metatable")
owner = {}
stepUntilBlack(owner)
local mt = { __index = { greeting = "hello" } }
print("   before: owner " .. gc.color(owner) .. ", metatable " .. gc.color(mt))
setmetatable(owner, mt)
print("   after:  owner " .. gc.color(owner) .. ", metatable " .. gc.color(mt))
print(barriers())

print("3. No barrier: storing into an open upvalue")
local captured = nil
function reader() return captured end
stepUntilBlack(reader)
local before = gc.stats().barriersforward + gc.stats().barriersback
captured = { "on the stack" }
local after = gc.stats().barriersforward + gc.stats().barriersback
print("   reader " .. gc.color(reader) .. ", new value " .. gc.color(captured) .. ", barriers fired: " .. (after - before))

gc.stepto("pause")
print("Cycle finished. holder.child is " .. holder.child.name .. ",")
print("owner.greeting is " .. owner.greeting .. ", validator: " .. tostring(gc.validate()))
