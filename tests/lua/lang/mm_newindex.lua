-- __newindex with tables and functions
local store = {}
local t = setmetatable({}, {__newindex = store})
t.a = 1
print(rawget(t, "a"), store.a)
local log = {}
local u = setmetatable({exists = 1}, {__newindex = function(tbl, k, v) log[#log + 1] = k .. "=" .. tostring(v) rawset(tbl, k, v) end})
u.exists = 2
u.new = 3
u.new = 4
print(u.exists, u.new, table.concat(log, " "))
-- chain: __newindex table with its own __newindex
local deepest = {}
local mid = setmetatable({}, {__newindex = deepest})
local top = setmetatable({}, {__newindex = mid})
top.k = "v"
print(rawget(top, "k"), rawget(mid, "k"), deepest.k)
-- read-only table
local ro = setmetatable({}, {__index = {x = 1}, __newindex = function(_, k) error("read-only: " .. k, 2) end})
print(ro.x, pcall(function() ro.y = 2 end))
-- assigning nil to absent key still calls __newindex
local cnt = 0
local n = setmetatable({}, {__newindex = function() cnt = cnt + 1 end})
n.a = nil
n[1] = 5
print(cnt, rawget(n, 1))
-- rawset bypasses
rawset(n, "direct", 1)
print(n.direct, cnt)
-- __newindex with integer/float keys
local keys = {}
local m = setmetatable({}, {__newindex = function(_, k) keys[#keys + 1] = math.type(k) or type(k) end})
m[1] = 1 m[2.0] = 1 m[2.5] = 1 m.s = 1
print(table.concat(keys, ","))
print(pcall(function() m[nil] = 1 end))
print(pcall(function() local r = {} r[nil] = 1 end))
print(pcall(function() local r = {} r[0/0] = 1 end))
