-- to-be-closed variables inside coroutines that error, yield, or are closed
local log = {}
local function C(n) return setmetatable({}, {__close = function(_, e) log[#log + 1] = n .. "(" .. tostring(e) .. ")" end}) end
local co = coroutine.create(function()
  local a <close> = C("a")
  coroutine.yield(1)
  error("co failed", 0)
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
print(table.concat(log, " "), coroutine.status(co))
log = {}
local w = coroutine.wrap(function()
  local b <close> = C("b")
  local c <close> = setmetatable({}, {__close = function() coroutine.yield("yield in close") end})
  return "returned"
end)
print(w())
print(w())
print(table.concat(log, " "))
log = {}
local co3 = coroutine.create(function()
  for i = 1, 3 do
    local v <close> = C("iter" .. i)
    coroutine.yield(i)
  end
end)
coroutine.resume(co3) coroutine.resume(co3)
print(table.concat(log, " "))
print(coroutine.close(co3), table.concat(log, " "))
