-- uncaught errors with non-string values are not converted; pcall returns them as is
local values = {1, 2.5, true, false, {1}, print, coroutine.create(print)}
for i, v in ipairs(values) do
  local ok, e = pcall(error, v)
  print(i, ok, type(e), rawequal(e, v))
end
local ok, e = pcall(error, nil)
print(ok, e)
-- errors with a __tostring object through xpcall with tostring handler
print(xpcall(function() error(setmetatable({}, {__tostring = function() return "E!" end})) end, tostring))
-- error objects pass through coroutines
local co = coroutine.create(function() error({k = "v"}) end)
local ok2, obj = coroutine.resume(co)
print(ok2, type(obj), obj.k)
-- runtime errors give strings with position
local ok3, msg = pcall(function() local x = nil; return x.y end)
print(ok3, type(msg), msg)
-- error rethrow keeps the value
local inner = {}
local ok4, back = pcall(function()
  local ok, e = pcall(error, inner)
  error(e)
end)
print(ok4, back == inner)
-- string errors get position only at level 1
print(pcall(function() error("again") end))
print(pcall(function() local ok, e = pcall(error, "orig") error(e, 0) end))
print(pcall(function() local ok, e = pcall(error, "orig") error(e) end))
