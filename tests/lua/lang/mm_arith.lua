-- arithmetic metamethods
local mt = {}
local function V(x) return setmetatable({x = x}, mt) end
local function val(o) if type(o) == "table" then return o.x or "T" end return o end
for _, name in ipairs({"add", "sub", "mul", "div", "mod", "pow", "idiv"}) do
  mt["__" .. name] = function(a, b) return name .. "(" .. tostring(val(a)) .. "," .. tostring(val(b)) .. ")" end
end
mt.__unm = function(a, b) return "unm(" .. val(a) .. "," .. tostring(val(b)) .. ")" end
local a, b = V(1), V(2)
print(a + b, a - b, a * b, a / b, a % b, a ^ b, a // b, -a)
print(a + 10, 10 + a, a * "s", "s" * a, 1.5 / a)
-- the left operand's metamethod wins; otherwise the right's
local other = setmetatable({}, {__add = function() return "other" end})
print(a + other, other + a)
-- string operands with arithmetic metamethods
print(pcall(function() return "abc" + a end))
-- missing metamethod errors
print(pcall(function() return {} + 1 end))
print(pcall(function() return 2 ^ {} end))
print(pcall(function() local t = {} return t % 2 end))
-- __add returning multiple values is truncated to one
local multi = setmetatable({}, {__add = function() return 1, 2, 3 end})
print(multi + 1)
-- __div on numbers not used
print(7 / 2, pcall(function() return setmetatable({}, {}) / 1 end))
-- results feed further arithmetic
local num = setmetatable({}, {__add = function(x, y) return 100 end, __mul = function() return 3 end})
print(num + 1 + 1, 2 * (num * 5))
-- metamethod errors show up from inside
local err = setmetatable({}, {__sub = function() error("in __sub") end})
print(pcall(function() return err - 1 end))
