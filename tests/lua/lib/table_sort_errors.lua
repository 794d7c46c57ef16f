-- table.sort argument errors, comparator errors, mixed types, big arrays
print(pcall(table.sort))
print(pcall(table.sort, 1))
print(pcall(table.sort, {}, 1))
print(pcall(table.sort, { 3, 1 }, "x"))
print(pcall(table.sort, { 1, "x", 2 }))
print(pcall(table.sort, { {}, {} }))
print(pcall(table.sort, { 3, 2, 1 }, function(a, b) error("cmp fails") end))
print(pcall(table.sort, { 3, 2, 1 }, function(a, b) return a.x < b end))
local t = { 5, 3, 8, 1, 9, 2 }
table.sort(t, nil)
print(table.concat(t, " "))
t = { "b", "a", "C", "B", "", "aa" }
table.sort(t)
print(table.concat(t, ","))
t = { 3, 1.5, -2, 2^53, math.mininteger, 0.0, -0.0 + 1 }
table.sort(t)
print(table.concat(t, " "))
t = {}
for i = 1, 300 do t[i] = (i * 7919) % 301 end
table.sort(t, function(a, b) return a > b end)
print(t[1], t[150], t[300])
t = { 1 }
table.sort(t)
print(t[1], #t)
local cnt = 0
t = { 2, 1 }
table.sort(t, function(a, b) cnt = cnt + 1 return a < b end)
print(t[1], t[2], cnt > 0)
local big = setmetatable({}, { __len = function() return math.maxinteger end })
print(pcall(table.sort, big))
