-- __close metamethod details
local order = {}
local function C(n) return setmetatable({n = n}, {__close = function(self, err) order[#order + 1] = self.n .. ":" .. tostring(err) end}) end
do
  local a <close> = C("a")
  local b <close> = C("b")
  do
    local c <close> = C("c")
  end
  order[#order + 1] = "mid"
end
print(table.concat(order, " "))
-- the metamethod is looked up when the variable is closed? (checked at declaration)
print(pcall(function() local x <close> = setmetatable({}, {}) end))
print(pcall(function() local x <close> = "string" end))
-- changing __close after declaration: the value at closing time is used
order = {}
do
  local mt = {__close = function() order[#order + 1] = "first" end}
  local v <close> = setmetatable({}, mt)
  mt.__close = function() order[#order + 1] = "second" end
end
print(table.concat(order, " "))
-- closing returns values untouched
local function f()
  local v <close> = C("ret")
  return 1, 2, 3
end
order = {}
print(f())
print(order[1])
-- __close with extra return values are ignored, errors propagate
print(pcall(function()
  local v <close> = setmetatable({}, {__close = function() error("close err", 0) end})
  return "unreached"
end))
-- coroutine.close closes pending variables
local co = coroutine.create(function()
  local v <close> = C("co")
  coroutine.yield(1)
end)
order = {}
print(coroutine.resume(co))
print(coroutine.close(co), coroutine.status(co), order[1])
