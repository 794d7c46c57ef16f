-- Lesson 1 of DESIGN.md: a chunk that creates coroutines holding upvalues
-- and then fails with a runtime error, loaded and run 50 times under pcall
-- with collector steps in between. Deciding who is dead, resurrecting for
-- finalizers and flipping the white must be one step with no Lua code in
-- between; otherwise a coroutine could be swept without being finalized, or
-- finalized twice.
local chunk = [[
  local n = ...
  local cos = {}
  for i = 1, 8 do
    local captured = {i = i, n = n}
    local co = coroutine.create(function()
      local inner = captured
      coroutine.yield(inner.i)
      return inner.n
    end)
    coroutine.resume(co)
    cos[i] = setmetatable({co = co}, {__gc = function(o)
      finalized = finalized + 1
      if o.done then doubled = doubled + 1 end
      o.done = true
    end})
  end
  local x = nil
  return x.field + n   -- runtime error: attempt to index a nil value
]]
finalized, doubled = 0, 0
local failures = 0
for n = 1, 50 do
  local f = assert(load(chunk, "=lesson1"))
  local ok, err = pcall(f, n)
  if not ok then failures = failures + 1 end
  if n == 1 then print(err) end
  collectgarbage("step")
end
collectgarbage()
collectgarbage()
print("failures", failures)
print("finalized", finalized, "doubled", doubled)
