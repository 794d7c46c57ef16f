-- __index with tables and functions, chains
local base = {a = "base.a", shared = "base"}
local mid = setmetatable({b = "mid.b", shared = "mid"}, {__index = base})
local top = setmetatable({c = "top.c"}, {__index = mid})
print(top.a, top.b, top.c, top.shared, top.none)
print(rawget(top, "a"), rawget(top, "c"))
local log = {}
local fn = setmetatable({}, {__index = function(t, k) log[#log + 1] = tostring(k) return k == "x" and 42 or nil end})
print(fn.x, fn.y, fn[1], #log, table.concat(log, ","))
local viaFn = setmetatable({}, {__index = setmetatable({}, {__index = function(_, k) return "deep " .. k end})})
print(viaFn.anything)
-- __index on a non-table (string metatable and a number through debug)
print(("abc").len == string.len, ("x").nope)
-- __index is not used when the key exists, even if value is false
local f = setmetatable({present = false}, {__index = function() return "meta" end})
print(f.present, f.absent)
-- rawget bypass and modifying the chain at runtime
base.late = "added later"
print(top.late)
getmetatable(mid).__index = {a = "replaced"}
print(top.a, top.late)
-- integer vs float keys go through __index normalized
local nk = setmetatable({}, {__index = function(_, k) return math.type(k) end})
print(nk[1], nk[1.0], nk[1.5], nk["1"])
-- __index chain that errors
local bad = setmetatable({}, {__index = function(_, k) error("no field " .. k, 2) end})
print(pcall(function() return bad.zzz end))
-- __index = a table with its own __index function receives the inner table
local inner = {}
local outerT = setmetatable({}, {__index = setmetatable(inner, {__index = function(t, k) return t == inner end})})
print(outerT.q)
