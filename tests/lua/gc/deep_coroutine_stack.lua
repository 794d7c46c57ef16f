-- A suspended coroutine with a deep stack (marked in chunks by Tricolor)
-- survives incremental collection while reachable, its stack values stay
-- intact, and once unreachable it is collected; closures over its locals
-- keep their values.
local getters = {}
local function deep(n, acc)
  local here = {n = n}
  if n % 100 == 0 then getters[#getters + 1] = function() return here.n + acc end end
  if n == 0 then
    coroutine.yield(acc)
    return acc
  end
  return deep(n - 1, acc + n) + 0
end
local co = coroutine.create(deep)
print(coroutine.resume(co, 600, 0))
local weak = setmetatable({}, {__mode = "k"})
weak[co] = true
for _ = 1, 20 do
  collectgarbage("step", 8)
  local junk = {}
  for i = 1, 200 do junk[i] = {i} end
end
collectgarbage()
print("getters", #getters, getters[1](), getters[#getters]())
print(coroutine.resume(co))
print(coroutine.status(co))
co = nil
collectgarbage()
collectgarbage()
local left = 0
for _ in pairs(weak) do left = left + 1 end
print("left", left)
local sum = 0
for _, g in ipairs(getters) do sum = sum + g() end
print("sum", sum)

-- a deep suspended coroutine dropped while the collector is mid-cycle
local co2 = coroutine.wrap(function()
  local function down(n) if n == 0 then coroutine.yield("bottom") return 0 end return down(n - 1) + 1 end
  return down(500)
end)
print(co2())
weak[co2] = true
co2 = nil
collectgarbage("step", 1)
collectgarbage()
collectgarbage()
left = 0
for _ in pairs(weak) do left = left + 1 end
print("left", left)
