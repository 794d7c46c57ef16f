-- __call with extra arguments
local callable = setmetatable({name = "C"}, {__call = function(self, a, b, ...)
  return self.name, a, b, select("#", ...)
end})
print(callable(1, 2, 3, 4))
print(callable())
print(pcall(callable, "p"))
-- __call in method position and in a tail call
local obj = {f = callable}
print(select("#", obj:f("x")), select(3, obj:f("x")))
local function tail() return callable("tail") end
print(tail())
-- __call chain: __call of a table whose metatable __call is another callable table
local inner = setmetatable({}, {__call = function(self, ...) return "inner", select("#", ...) end})
local outer = setmetatable({}, {__call = inner})
print(pcall(outer, 1))
-- non-callable
print(pcall(function() local t = {} t() end))
print(pcall(function() local t = setmetatable({}, {__call = 1}) t() end))
-- __call used by generic for
local iter = setmetatable({i = 0}, {__call = function(self, _, last)
  self.i = self.i + 1
  if self.i <= 3 then return self.i end
end})
for v in iter do io.write(v, " ") end print()
-- many results through __call
local many = setmetatable({}, {__call = function(_, n) local r = {} for i = 1, n do r[i] = i end return table.unpack(r) end})
print(select("#", many(50)), (many(3)))
print(xpcall(callable, debug.traceback ~= nil and print or nil, "via xpcall"))
print(pcall(coroutine.wrap, callable))
print(coroutine.wrap(function(...) return callable(...) end)("in coroutine"))
