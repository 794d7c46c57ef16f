-- to-be-closed variables and coroutines, yields inside __close and metamethods
local co = coroutine.wrap(function()
  local x <close> = setmetatable({}, {__close = function() print("closing, yielding") coroutine.yield("from close") print("close resumed") end})
  coroutine.yield("body")
  return "end"
end)
print(co()) print(co()) print(co())
local gen = coroutine.wrap(function()
  for i = 1, 3 do
    local c <close> = setmetatable({}, {__close = function() print("close", i) end})
    coroutine.yield(i)
  end
end)
print(gen(), gen(), gen())
local werr = coroutine.wrap(function()
  local c <close> = setmetatable({}, {__close = function(_, e) print("wrap closing with", e) end})
  error("wrapped failure", 0)
end)
print(pcall(werr))
local co2 = coroutine.create(function()
  local c <close> = setmetatable({}, {__close = function(_, e) print("closed by close()", e) end})
  coroutine.yield()
end)
coroutine.resume(co2)
print(coroutine.close(co2))
print(coroutine.status(co2), coroutine.resume(co2))
-- yield inside a for iterator
local iter = coroutine.wrap(function()
  for k in (function() local n = 0 return function() n = n + 1 coroutine.yield("iter " .. n) if n < 3 then return n end end end)() do
    coroutine.yield("body " .. k)
  end
  return "iter done"
end)
for i = 1, 6 do print(iter()) end
