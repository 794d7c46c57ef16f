-- __eq
local log = {}
local mt = {__eq = function(a, b) log[#log + 1] = "eq" return a.id == b.id end}
local a = setmetatable({id = 1}, mt)
local b = setmetatable({id = 1}, mt)
local c = setmetatable({id = 2}, mt)
print(a == b, a ~= b, a == c, a ~= c, #log)
-- same object: no call
log = {}
print(a == a, #log)
-- only one operand has __eq
local plain = {id = 1}
print(a == plain, plain == a)
-- __eq is not called for different types
print(a == 1, a == "x", a == nil)
-- result converted to boolean
local truthy = setmetatable({}, {__eq = function() return "yes" end})
local other = setmetatable({}, {__eq = function() return nil end})
print(truthy == other, other == truthy, truthy ~= other)
-- __eq with different metamethods: left wins
local l = setmetatable({}, {__eq = function() return true end})
local r = setmetatable({}, {__eq = function() return false end})
print(l == r, r == l)
-- table keys do not use __eq
local k1, k2 = setmetatable({}, mt), setmetatable({}, mt)
local map = {[k1] = "one"}
print(map[k2], map[k1])
-- rawequal
print(rawequal(a, b), rawequal(a, a))
-- errors inside __eq
local e = setmetatable({}, {__eq = function() error("eq failed") end})
print(pcall(function() return e == setmetatable({}, {}) end))
-- userdata-like via io? strings/numbers have no __eq
print("a" == "a", 1 == 1.0, 0.0 == -0.0)
