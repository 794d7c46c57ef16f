-- table.insert / table.remove
local t = {}
table.insert(t, "a")
table.insert(t, "c")
table.insert(t, 2, "b")
table.insert(t, 1, "z")
table.insert(t, #t + 1, "end")
print(table.concat(t, ","), #t)
print(pcall(table.insert, t, 0, "x"))
print(pcall(table.insert, t, 7, "x"))
print(pcall(table.insert, t, -1, "x"))
print(pcall(table.insert, t, 1, 2, 3))
print(pcall(table.insert, t))
print(pcall(table.insert, nil, 1))
print(pcall(table.insert, 1, 1))
print(pcall(table.insert, t, "x", 1))
print(pcall(table.insert, t, 1.5, 1))
print(table.insert({}, 1, nil), select('#', table.insert({}, 1)))
print(table.remove(t), table.concat(t, ","))
print(table.remove(t, 1), table.concat(t, ","))
print(table.remove(t, 2), table.concat(t, ","))
print(table.remove(t, #t + 1), table.concat(t, ","))
print(pcall(table.remove, t, 5))
print(pcall(table.remove, t, -1))
print(table.remove({}), table.remove({}, 0), table.remove({}, 1))
local z = {[0] = "zero"}
print(table.remove(z, 0), z[0])
local z2 = {[0] = "zero"}
print(table.remove(z2), z2[0])
print(pcall(table.remove))
print(pcall(table.remove, {}, "x"))
-- holes: # is a border; insert/remove work on it
local h = {1, 2, 3}
h[5] = 5
print(#h == 3 or #h == 5)
-- __index / __newindex / __len are honoured
local log = {}
local proxy = setmetatable({}, {
  __len = function() return 3 end,
  __index = function(_, k) log[#log + 1] = "get" .. k; return k * 10 end,
  __newindex = function(_, k, v) log[#log + 1] = "set" .. k .. "=" .. tostring(v) end,
})
table.insert(proxy, "new")
table.insert(proxy, 2, "mid")
print(table.concat(log, " "))
log = {}
print(table.remove(proxy, 2))
print(table.concat(log, " "))
print(pcall(table.insert, setmetatable({}, {__len = function() return 2.5 end}), 1))
print(pcall(table.insert, setmetatable({}, {__len = function() return "3" end}), 1))
local n = 0
for i = 1, 100 do table.insert(t, 1, i) end
for i = 1, 100 do n = n + table.remove(t, 1) end
print(n, #t)
