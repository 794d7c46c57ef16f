-- isyieldable and running
print(coroutine.isyieldable())
local co = coroutine.create(function()
  print("in co", coroutine.isyieldable())
  print("in pcall", pcall(coroutine.isyieldable))
  local ok = pcall(function() print("in pcall fn", coroutine.isyieldable()) end)
  print(select(2, coroutine.running()))
  print(coroutine.isyieldable(coroutine.running()))
end)
coroutine.resume(co)
print(coroutine.isyieldable(co))
local r, ismain = coroutine.running()
print(type(r), ismain)
print(pcall(coroutine.yield, 1))
local t = {}
print(pcall(table.sort, {3, 2, 1}, function(a, b) return a < b end))
-- yield from main thread in nested function
print(pcall(function() coroutine.yield() end))
