-- __lt and __le
local log = {}
local mt = {}
mt.__lt = function(a, b) log[#log + 1] = "lt" return a.v < b.v end
mt.__le = function(a, b) log[#log + 1] = "le" return a.v <= b.v end
local function V(v) return setmetatable({v = v}, mt) end
local a, b = V(1), V(2)
print(a < b, a > b, a <= b, a >= b, b < a, b <= a)
print(table.concat(log, ","))
-- 5.4: no __le fallback to not __lt
local onlyLe = setmetatable({}, {__le = function() return true end})
print(pcall(function() return onlyLe < onlyLe end))
print(onlyLe <= onlyLe)
-- mixed operand types with metamethods
local n = setmetatable({}, {__lt = function(x, y) return type(x) .. "<" .. type(y) end,
                            __le = function(x, y) return false end})
print(n < 1, 1 < n, n <= 1, "a" > n)
-- results are converted to boolean
local s = setmetatable({}, {__lt = function() return "str" end})
print(s < s, not (s < s))
-- errors
print(pcall(function() return {} < {} end))
print(pcall(function() return {} <= {} end))
print(pcall(function() return 1 < {} end))
print(pcall(function() return "x" >= {} end))
print(pcall(function() return nil > 1 end))
print(pcall(function() return setmetatable({}, {}) < 1 end))
-- sorting with __lt
local items = {V(3), V(1), V(2)}
table.sort(items)
print(items[1].v, items[2].v, items[3].v)
