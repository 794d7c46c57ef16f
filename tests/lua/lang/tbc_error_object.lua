-- __close receives the error object; errors in __close replace it
local function closer(name, fail)
  return setmetatable({}, {__close = function(_, e)
    print("close", name, type(e) == "table" and "table:" .. tostring(e.tag) or e)
    if fail then error(fail, 0) end
  end})
end
print(pcall(function()
  local a <close> = closer("a")
  local b <close> = closer("b")
  error("boom", 0)
end))
print(pcall(function()
  local a <close> = closer("a")
  local b <close> = closer("b", "b failed")
  error("boom", 0)
end))
print(pcall(function()
  local a <close> = closer("a", "a failed")
  local b <close> = closer("b", "b failed")
  return "normal"
end))
print(select("#", pcall(function()
  local a <close> = closer("a")
  error({tag = "obj"})
end)), select(2, pcall(function() local a <close> = closer("a2") error({tag = "obj2"}) end)).tag)
print(select("#", pcall(function()
  local a <close> = closer("a")
  return 1, 2, 3
end)))
print(pcall(function()
  local x <close> = 42
end))
print(pcall(function()
  local x <close> = {}
end))
print(pcall(function()
  local ok = pcall(function()
    local inner <close> = closer("inner", "inner fail")
  end)
  print("inner pcall", ok)
  return "after"
end))
local t = setmetatable({}, {__close = function(o, e) print("close sees", o == nil, e) end})
do local v <close> = t end
