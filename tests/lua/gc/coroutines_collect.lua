-- Suspended coroutines are collectable; when a thread is collected its open
-- upvalues are closed and closures that share them keep the values.
local weak = setmetatable({}, {__mode = "k"})
local getter, setter
do
  local co = coroutine.create(function()
    local shared = "initial"
    getter = function() return shared end
    setter = function(v) shared = v end
    coroutine.yield()
    print("never resumed")
  end)
  coroutine.resume(co)
  weak[co] = true
  setter("changed while open")
end
collectgarbage()
collectgarbage()
local left = 0
for _ in pairs(weak) do left = left + 1 end
print("suspended coroutines left", left)
print(getter())
setter("changed after close")
print(getter())

-- many coroutines, each keeping an upvalue alive through a closure
local closures = {}
for i = 1, 200 do
  local co = coroutine.wrap(function()
    local x = i
    closures[i] = function() x = x + 1000; return x end
    coroutine.yield()
  end)
  co()
  if i % 50 == 0 then collectgarbage("step") end
end
collectgarbage()
local sum = 0
for i = 1, 200 do sum = sum + closures[i]() end
print("sum", sum)

-- dead coroutines are collected too
local dead = setmetatable({}, {__mode = "k"})
for i = 1, 20 do
  local co = coroutine.create(function(a) return a * 2 end)
  coroutine.resume(co, i)
  dead[co] = coroutine.status(co)
end
collectgarbage()
local n = 0
for _ in pairs(dead) do n = n + 1 end
print("dead coroutines left", n)
