-- Lesson 1 of DESIGN.md: a chunk that creates coroutines holding upvalues
-- and then fails with a runtime error, loaded and run 50 times under pcall
-- with collector steps in between. Deciding who is dead, resurrecting for
-- finalizers and flipping the white must be one step with no Lua code in
-- between; otherwise a coroutine could be swept without being finalized, or
-- finalized twice.
-- Under Tricolor (the `gc` library exists) the run is stressed (a collector
-- step at every safe point) and validated after every try; a finalizable
-- object swept unfinalized makes the validator fail and tricolor exit 1.
if gc then gc.stress(true) end
local chunk = [[
  local n = ...
  local cos = {}
  for i = 1, 8 do
    local captured = {i = i, n = n}
    local co = coroutine.create(function()
      local inner = captured
      local onStack = i * 100 + n
      -- a closure over a local of this coroutine: an open upvalue into its
      -- stack, reachable after the coroutine itself is garbage
      getters[#getters + 1] = function() return onStack + inner.i end
      coroutine.yield(inner.i)
      return inner.n
    end)
    coroutine.resume(co)
    cos[i] = setmetatable({co = co}, {__gc = function(o)
      finalized = finalized + 1
      if o.done then doubled = doubled + 1 end
      o.done = true
      -- resurrect the coroutine for a moment: it must still be usable
      if coroutine.status(o.co) ~= "suspended" then badstatus = badstatus + 1 end
    end})
  end
  local x = nil
  return x.field + n   -- runtime error: attempt to index a nil value
]]
finalized, doubled, badstatus = 0, 0, 0
getters = {}
local failures = 0
for n = 1, 50 do
  local f = assert(load(chunk, "=lesson1"))
  local ok, err = pcall(f, n)
  if not ok then failures = failures + 1 end
  if n == 1 then print(err) end
  collectgarbage("step")
  if gc then assert(gc.validate()) end
end
collectgarbage()
collectgarbage()
if gc then gc.stress(false); assert(gc.validate()) end
print("failures", failures)
print("finalized", finalized, "doubled", doubled, "bad status", badstatus)
-- the coroutines are gone; closures over their stack slots kept the values
local sum = 0
for _, g in ipairs(getters) do sum = sum + g() end
print("getters", #getters, "sum", sum)
