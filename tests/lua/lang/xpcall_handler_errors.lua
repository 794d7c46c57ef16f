-- xpcall with message handlers, including errors inside handlers
print(xpcall(function() error("e1") end, function(m) return "handled: " .. m end))
print(xpcall(function() return 1, 2 end, print))
print(xpcall(function(a, b) return a + b end, print, 3, 4))
print(xpcall(function() error({}) end, function(m) return type(m) end))
print(xpcall(function() error("e2") end, function(m) return m, "extra" end))
print(xpcall(function() local x = nil; return x.y end, function(m) return "H(" .. m .. ")" end))
-- handler errors
print(xpcall(function() error("e3") end, function(m) error("in handler") end))
print(xpcall(function() error("e4") end, function(m) local y = nil; return y.z end))
-- handler that is not a function
print(pcall(xpcall, function() error("e5") end, 42))
print(pcall(xpcall, function() return "fine" end, nil))
print(pcall(xpcall))
print(pcall(xpcall, print))
-- handler gets called at the error point (stack still there)
print(xpcall(function() error("e6") end, function(m) return debug.getinfo(2, "S").what end))
-- nested xpcall
print(xpcall(function()
  return xpcall(function() error("inner") end, function(m) return "inner handler: " .. m end)
end, function(m) return "outer handler: " .. m end))
print(xpcall(function()
  local ok, e = xpcall(function() error("inner2", 0) end, function(m) error("handler failed", 0) end)
  error("outer after " .. tostring(e), 0)
end, function(m) return "outer: " .. m end))
-- handler receives non-string
print(xpcall(function() error(nil) end, function(m) return "got " .. tostring(m) end))
print(xpcall(error, function(m) return "direct " .. tostring(m) end, "arg"))
