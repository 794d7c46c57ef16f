-- Recursion through library functions that call back into Lua.
local function try(name, f)
  local ok, e = pcall(f)
  print(name, ok, e)
end
try("tostring", function()
  local t = setmetatable({}, {__tostring = function(o) return tostring(o) end})
  return tostring(t)
end)
try("gsub", function() local function f(s) return (s:gsub(".", f)) end return f("x") end)
try("sort", function()
  local function f() table.sort({3, 2, 1}, function(a, b) f() return a < b end) end
  f()
end)
try("pairs", function()
  local t
  t = setmetatable({}, {__pairs = function(s) return pairs(s) end})
  for k in pairs(t) do end
end)
try("close", function()
  local function f() local x <close> = setmetatable({}, {__close = function() f() end}) end
  f()
end)
print("after", string.format("%d", 42))
