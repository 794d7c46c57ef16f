-- metamethods of every kind
local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({x = a.x + b.x}, V) end
V.__sub = function(a, b) return setmetatable({x = a.x - b.x}, V) end
V.__mul = function(a, b) if type(b) == "number" then return setmetatable({x = a.x * b}, V) end return setmetatable({x = a * b.x}, V) end
V.__div = function(a, b) return "div" end
V.__mod = function(a, b) return "mod" end
V.__pow = function(a, b) return "pow" end
V.__unm = function(a) return setmetatable({x = -a.x}, V) end
V.__idiv = function() return "idiv" end
V.__band = function() return "band" end
V.__bor = function() return "bor" end
V.__bxor = function() return "bxor" end
V.__shl = function() return "shl" end
V.__shr = function() return "shr" end
V.__bnot = function() return "bnot" end
V.__concat = function(a, b) return "cat" end
V.__len = function(a) return 99 end
V.__eq = function(a, b) return a.x == b.x end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x end
V.__call = function(self, y) return self.x + y end
V.__tostring = function(v) return "V(" .. v.x .. ")" end
function V.new(x) return setmetatable({x = x}, V) end
local a, b = V.new(1), V.new(2)
print((a + b).x, (a - b).x, (a * 3).x, (2 * a).x, (-a).x)
print(a / b, a % b, a ^ b, a // b, a & b, a | b, a ~ b, a << b, a >> b, ~a)
print(a .. b, a .. "s", "s" .. a, 1 .. a, #a)
print(a == b, a == V.new(1), a ~= V.new(1), a < b, a <= b, a > b, a >= b)
print(a(10), tostring(a))
print(a + b == V.new(3))
-- __index function and table chains
local base = {greet = function() return "hi" end}
local mid = setmetatable({}, {__index = base})
local obj = setmetatable({}, {__index = mid})
print(obj.greet(), obj.missing)
local calls = 0
local lazy = setmetatable({}, {__index = function(t, k) calls = calls + 1 rawset(t, k, k .. "!") return k .. "?" end})
print(lazy.a, lazy.a, calls)
-- __newindex
local log = {}
local p = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k rawset(t, k, v) end})
p.x = 1 p.x = 2 p.y = 3
print(table.concat(log, ","), p.x, p.y)
local store = {}
local q = setmetatable({}, {__newindex = store})
q.z = 5
print(rawget(q, "z"), store.z)
-- __eq only for same types, not called for raw-equal
local eqc = 0
local E = {__eq = function() eqc = eqc + 1 return true end}
local e1, e2 = setmetatable({}, E), setmetatable({}, E)
print(e1 == e2, e1 == e1, e1 == 1, eqc)
-- __lt result converted to boolean
local L = setmetatable({}, {__lt = function() return nil end, __le = function() return 1 end})
print(L < L, L <= L, L > L, L >= L)
-- __concat with numbers and chains
local C = setmetatable({}, {__concat = function(x, y)
  local xs = type(x) == "table" and "C" or tostring(x)
  local ys = type(y) == "table" and "C" or tostring(y)
  return xs .. ys end})
print("a" .. "b" .. C .. "c" .. 1)
print(C .. C)
-- __index on strings
print(("abc"):upper(), ("x"):rep(3))
-- __close and __call chains
local callchain = setmetatable({}, {__call = setmetatable({}, {__call = function(s1, s2, a) return a end})})
print(pcall(callchain, 7))
-- rawequal/rawlen/rawget bypass
print(rawequal(e1, e2), rawlen({1, 2}), rawget(obj, "greet"))
-- metamethods on numbers via debug.setmetatable are not used here; __len on table with __index
local lenobj = setmetatable({1, 2, 3}, {__len = function() return 42 end})
print(#lenobj, rawlen(lenobj))
