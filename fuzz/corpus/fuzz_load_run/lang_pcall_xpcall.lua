-- pcall / xpcall / error
print(pcall(function(...) return ... end, 1, 2, 3))
print(pcall(error, "plain"))
print(pcall(error, "lvl0", 0))
print(select('#', pcall(error)))
print(pcall(pcall))
print(pcall(pcall, error, "x"))
print(xpcall(function() error("E") end, function(m) return "handled: " .. m end))
print(xpcall(function(a, b) return a + b end, print, 3, 4))
print(xpcall(error, function(m) return m .. "!" end, "e"))
print(xpcall(error, function(m) error("again") end, "e"))
print(pcall(xpcall))
print(pcall(xpcall, print))
-- nested pcall
print(pcall(function()
  local ok, e = pcall(error, "inner")
  error("outer after " .. e, 0)
end))
-- error objects of any type
local t = {}
local ok, e = pcall(error, t)
print(ok, e == t)
print(pcall(error, 42))
print(pcall(error, true))
-- error with levels
local function lvl(n) error("at level", n) end
local function caller() lvl(2) end
print(pcall(caller))
-- runtime errors inside nested functions keep their position
local function inner() local x = nil; return x + 1 end
print(pcall(inner))
-- deep recursion error is catchable
local function rec() return rec() + 1 end
local ok2, e2 = pcall(rec)
print(ok2, e2)
local function rec2(n) return 1 + rec2(n + 1) end
print(pcall(rec2, 1))
-- error in __index reported
local bad = setmetatable({}, {__index = function(t, k) error("no field " .. k) end})
print(pcall(function() return bad.zzz end))
-- tostring of error in string coercion
print(pcall(function() return {} .. "" end))
-- pcall returning many values
print(pcall(table.unpack, {1, 2, 3, 4, 5}))
-- xpcall with traceback-like handler
print(xpcall(function() local y = nil; y() end, function(m) return "H:" .. m end))
