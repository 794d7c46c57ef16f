-- to-be-closed variables
local function closer(name)
  return setmetatable({}, {__close = function(o, e) print("close", name, e) end})
end
do
  local a <close> = closer("a")
  local b <close> = closer("b")
  local c <const> = 10
  print("in block", c)
end
print("after block")
local function f()
  local x <close> = closer("x")
  return "ret"
end
print(f())
for i = 1, 2 do
  local y <close> = closer("y" .. i)
  if i == 2 then break end
end
print(pcall(function()
  local z <close> = closer("z")
  error("boom")
end))
print(pcall(function()
  local z1 <close> = closer("z1")
  local z2 <close> = setmetatable({}, {__close = function(o, e) print("z2 sees", e) error("from z2", 0) end})
  error("orig", 0)
end))
local function g()
  local n <close> = nil
  local ff <close> = false
  return 1
end
print(g())
do
  local t = {}
  local ok = pcall(function() local bad <close> = t end)
  print(ok)
end
-- goto out of a block closes
do
  local i = 0
  ::top::
  i = i + 1
  do
    local w <close> = closer("w" .. i)
    if i < 3 then goto top end
  end
end
-- multiple returns with tbc
local function mr()
  local a <close> = closer("mr")
  return 1, 2, 3
end
print(mr())
-- generic for closing value
local function iter()
  local closing = closer("iter")
  local i = 0
  return function() i = i + 1 if i <= 2 then return i end end, nil, nil, closing
end
for v in iter() do print("v", v) end
for v in iter() do if v == 1 then break end end
print(pcall(function() for v in iter() do error("in loop", 0) end end))
