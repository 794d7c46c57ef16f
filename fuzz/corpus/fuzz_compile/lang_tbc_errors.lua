-- errors inside __close: replacement of the error object, order, xpcall handler before closing
local function c(n, fail)
  return setmetatable({}, {__close = function(_, e) print("close", n, e) if fail then error(fail, 0) end end})
end
print(pcall(function() local a <close> = c("a") local b <close> = c("b", "Eb") return "r" end))
print(pcall(function() local a <close> = c("a", "Ea") local b <close> = c("b", "Eb") error("E0", 0) end))
print(pcall(function() do local a <close> = c("a", "Ea") end return "after" end))
local co = coroutine.wrap(function() local a <close> = c("co-a") local b <close> = c("co-b", "Ecob") coroutine.yield(1) error("E1", 0) end)
print(co())
print(pcall(co))
print(pcall(function() local x <close> = c("x") local y <close> = nil local z <close> = false return 1, 2 end))
local t = setmetatable({}, {__close = function() print("t closed") end})
local function f() local a <close> = t return "f" end
print(f(), f())
print(pcall(function() for i = 1, 2 do local w <close> = c("w" .. i, i == 2 and "Ew" or nil) end end))
local ok, e = pcall(function() local a <close> = setmetatable({}, {__close = function() error({"tbl"}) end}) end)
print(ok, type(e), e[1])
-- xpcall handler sees the error before __close runs
print(xpcall(function() local a <close> = c("xa") error("XE", 0) end, function(m) print("handler", m) return "H" .. m end))
