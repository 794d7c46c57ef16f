-- xpcall message handlers: failing handlers, handler recursion, errors in __close, stack overflow
print(xpcall(error, function(m) if m == "e" then error("second", 0) end return "handled " .. tostring(m) end, "e"))
print(xpcall(error, function(m) error("x") end))
local n = 0
print(xpcall(error, function(m) n = n + 1 if n < 5 then error(n, 0) end return "after " .. n .. " " .. tostring(m) end, "e"))
print(xpcall(function() local x <close> = setmetatable({}, {__close = function() error("in close", 0) end}) error("orig", 0) end, function(m) return "H(" .. tostring(m) .. ")" end))
print(xpcall(function() local function r() return r() + 1 end return r() end, function(m) return "SO " .. m end))
print(xpcall(function() local function r() return r() + 1 end return r() end, debug.traceback) ~= nil)
print(select('#', xpcall(error, print, "printed by handler")))
