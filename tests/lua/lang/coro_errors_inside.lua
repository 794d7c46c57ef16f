-- errors inside coroutines
local co = coroutine.create(function(x)
  local y = coroutine.yield(x)
  return y.field
end)
print(coroutine.resume(co, 1))
print(coroutine.resume(co, nil))
print(coroutine.status(co))
print(coroutine.resume(co))
print(coroutine.resume(coroutine.running()))
local co2 = coroutine.create(function() error({}) end)
local ok, e = coroutine.resume(co2)
print(ok, type(e))
print(pcall(coroutine.resume, 1))
print(pcall(coroutine.create, 1))
print(pcall(coroutine.create))
-- resume a normal coroutine
local a
a = coroutine.create(function()
  local b = coroutine.create(function() return coroutine.resume(a) end)
  return coroutine.resume(b)
end)
print(coroutine.resume(a))
-- error in nested coroutine does not kill outer
local outer = coroutine.create(function()
  local inner = coroutine.create(function() error("inner err", 0) end)
  print("inner:", coroutine.resume(inner))
  coroutine.yield("outer alive")
  return "outer done"
end)
print(coroutine.resume(outer))
print(coroutine.resume(outer))
-- traceback of a dead coroutine
local dc = coroutine.create(function() local function f() error("tb") end f() end)
coroutine.resume(dc)
print((debug.traceback(dc):gsub("\n.*", "")))
-- many values across resume/yield
local many = coroutine.create(function(...)
  local n = select("#", ...)
  local back = table.pack(coroutine.yield(n, ...))
  return back.n
end)
print(coroutine.resume(many, 1, nil, 3, nil))
print(coroutine.resume(many, nil, nil))
-- yielding many values
local co3 = coroutine.wrap(function() coroutine.yield(table.unpack({}, 1, 100)) end)
print(select("#", co3()))
