-- coroutines
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got2", d, e)
  return "end", 99
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, "x", "y"))
print(coroutine.status(co))
print(coroutine.resume(co))
-- generators with wrap
local function gen(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
for v in gen(4) do io.write(v, " ") end
print()
-- error inside coroutine
local bad = coroutine.create(function() error("oops") end)
print(coroutine.resume(bad))
print(coroutine.status(bad))
local bad2 = coroutine.create(function() error({}) end)
local ok, e = coroutine.resume(bad2)
print(ok, type(e))
-- wrap propagates errors with position
local w = coroutine.wrap(function() error("werr") end)
print(pcall(w))
local w2 = coroutine.wrap(function() end)
w2()
print(pcall(w2))
-- yield across pcall
local co2 = coroutine.create(function()
  local ok, v = pcall(function()
    local x = coroutine.yield("inside pcall")
    error("after " .. x)
  end)
  coroutine.yield(ok, v)
  return "finished"
end)
print(coroutine.resume(co2))
print(coroutine.resume(co2, "resume"))
print(coroutine.resume(co2))
-- yield across metamethods
local mt = {__index = function(t, k) return coroutine.yield(k) end,
            __add = function(a, b) return coroutine.yield("add") end,
            __lt = function(a, b) return coroutine.yield("lt") end,
            __concat = function(a, b) return coroutine.yield("concat") end}
local co3 = coroutine.wrap(function()
  local t = setmetatable({}, mt)
  local v = t.foo
  local s = t + 1
  local c = t < t
  local d = "x" .. t
  return v, s, c, d
end)
print(co3())
print(co3("V"))
print(co3("S"))
print(co3(false))
print(co3("D"))
-- isyieldable, running
print(coroutine.isyieldable())
local main, ismain = coroutine.running()
print(type(main), ismain)
coroutine.wrap(function() print(coroutine.isyieldable(), select(2, coroutine.running())) end)()
-- resume errors
print(coroutine.resume(coroutine.running()))
print(pcall(coroutine.yield))
-- nested coroutines
local outer = coroutine.wrap(function()
  local inner = coroutine.wrap(function() coroutine.yield(1) coroutine.yield(2) end)
  coroutine.yield(inner() + 10)
  coroutine.yield(inner() + 20)
end)
print(outer(), outer())
-- status normal
local c1
c1 = coroutine.create(function()
  local c2 = coroutine.create(function() print("c1 is", coroutine.status(c1)) end)
  coroutine.resume(c2)
end)
coroutine.resume(c1)
-- close
local cc = coroutine.create(function()
  local x <close> = setmetatable({}, {__close = function(_, e) print("closing x", e) end})
  coroutine.yield()
end)
coroutine.resume(cc)
print(coroutine.close(cc), coroutine.status(cc))
local ce = coroutine.create(function() error("E") end)
coroutine.resume(ce)
print(coroutine.close(ce))
print(coroutine.close(coroutine.create(print)))
-- many switches
local pp = coroutine.wrap(function() local n = 0 while true do n = n + coroutine.yield(n) end end)
pp()
local total
for i = 1, 10000 do total = pp(1) end
print(total)
-- table.sort comparator yields? no: sort is not yieldable in PUC; skip
print(select("#", coroutine.resume(coroutine.create(function() return end))))
