-- coroutines as generators and producer/consumer
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
for p in coroutine.wrap(function() permgen({1, 2, 3}) end) do print(table.concat(p, " ")) end
local function producer()
  return coroutine.create(function()
    for _, w in ipairs({"alpha", "beta", "gamma"}) do coroutine.yield(w) end
    return nil
  end)
end
local function filter(prod)
  return coroutine.create(function()
    while true do
      local _, v = coroutine.resume(prod)
      if not v then return end
      coroutine.yield(v:upper())
    end
  end)
end
local f = filter(producer())
while true do
  local ok, v = coroutine.resume(f)
  if not v then break end
  print(ok, v)
end
-- fibonacci generator with state
local fib = coroutine.wrap(function() local a, b = 0, 1 while true do coroutine.yield(a) a, b = b, a + b end end)
local t = {}
for i = 1, 15 do t[i] = fib() end
print(table.concat(t, ","))
-- tree walk
local tree = {v = 1, {v = 2, {v = 4}, {v = 5}}, {v = 3}}
local function walk(n) coroutine.yield(n.v) for _, c in ipairs(n) do walk(c) end end
local out = {}
for v in coroutine.wrap(function() walk(tree) end) do out[#out + 1] = v end
print(table.concat(out, " "))
