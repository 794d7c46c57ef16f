-- which line a runtime error reports in multi-line statements
local function e(f) print(select(2, pcall(f))) end
e(function()
  local t = nil
  return t
    .field
end)
e(function()
  local a = {}
  local b = 1 +
    2 +
    a
end)
e(function()
  local x = f_undefined(
    1,
    2
  )
end)
e(function()
  local t = {
    a = 1,
    b = nil .. "x",
  }
end)
e(function()
  local s = "a"
    .. "b"
    .. {}
end)
e(function()
  local obj = {}
  obj
    :method()
end)
e(function()
  for i = 1,
    {} do end
end)
e(function()
  local v = 1 < 
    {}
end)
e(function()
  error("explicit on this line")
end)
e(function()
  local x = {} x.y.z = 1
end)
local function thrower()
  error("level 2 points at the caller", 2)
end
e(function()
  local a = 1
  thrower()
end)
e(function() return #
  nil end)
print(debug.getinfo(1, "l").currentline)
local function cur() return debug.getinfo(2, "l").currentline end
print(cur(),
  cur(), cur())
e(function()
  for k in
    5
    do end
end)
e(function()
  for k, v in
    next, nil
  do
  end
end)
e(function()
  for i = 1, 3
    ,
    0
  do end
end)
e(function()
  for i
    = "x", 2 do end
end)
local it = 0
e(function()
  for k in function() it = it + 1 if it > 1 then error("iter line") end return 1 end
    do
    end
end)
