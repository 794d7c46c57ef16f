-- coroutine.close with pending to-be-closed variables
local log = {}
local function C(n) return setmetatable({}, {__close = function(_, e) log[#log + 1] = n .. ":" .. tostring(e) end}) end
local co = coroutine.create(function()
  local a <close> = C("a")
  local b <close> = C("b")
  coroutine.yield("y1")
  local c <close> = C("c")
end)
print(coroutine.resume(co))
print(coroutine.close(co))
print(table.concat(log, " "), coroutine.status(co))
print(coroutine.close(co))
print(coroutine.resume(co))
-- close a never-started coroutine
print(coroutine.close(coroutine.create(print)))
-- close a coroutine that died with an error
local dead = coroutine.create(function() error("died") end)
print(coroutine.resume(dead))
print(coroutine.close(dead))
-- __close that errors during close
log = {}
local co2 = coroutine.create(function()
  local a <close> = C("a2")
  local b <close> = setmetatable({}, {__close = function() error("close error", 0) end})
  coroutine.yield()
end)
coroutine.resume(co2)
print(coroutine.close(co2))
print(table.concat(log, " "))
-- cannot close running or normal coroutines
print(pcall(coroutine.close, coroutine.running()))
local outer
outer = coroutine.create(function()
  local inner = coroutine.create(function() return pcall(coroutine.close, outer) end)
  print(coroutine.resume(inner))
  print(pcall(coroutine.close, coroutine.running()))
end)
coroutine.resume(outer)
