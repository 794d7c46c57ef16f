-- closures and upvalues
local function counter()
  local c = 0
  return function() c = c + 1 return c end, function() return c end
end
local inc, get = counter()
inc() inc()
print(get())
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
local j = 1
while j <= 3 do local k = j gs[j] = function() k = k * 10 return k end j = j + 1 end
print(gs[1](), gs[1](), gs[2](), gs[3]())
local function outer()
  local x = 1
  local function mid()
    local function inner() x = x + 1 return x end
    return inner
  end
  return mid(), function() return x end
end
local inn, getx = outer()
inn() inn()
print(getx())
-- shared upvalue between closures created in the same scope
local a = {}
do
  local v = 0
  a.set = function(n) v = n end
  a.get = function() return v end
end
a.set(42)
print(a.get())
-- upvalues survive stack growth
local function grow(n) if n == 0 then return 0 end local big = {} return grow(n - 1) end
local cap = 5
local h = function() return cap end
grow(200)
print(h())
local function recurse(n, f)
  if n == 0 then return f() end
  local localv = n
  return recurse(n - 1, function() return localv + f() end)
end
print(recurse(100, function() return 0 end))
