-- table.sort: default order, comparators, errors
local function show(t) return table.concat(t, " ") end
local t = {5, 3, 8, 1, 9, 2, 7, 4, 6, 0}
table.sort(t)
print(show(t))
table.sort(t, function(a, b) return a > b end)
print(show(t))
local words = {"pear", "apple", "fig", "banana", "cherry", "Apple", "apple2", ""}
table.sort(words)
print(show(words))
local mixed = {3, 1.5, -2, 2^53, -0.5, 1e100, -1e100, math.maxinteger, math.mininteger}
table.sort(mixed)
print(show(mixed))
table.sort({})
table.sort({1})
local one = {42}
table.sort(one, function() error("never called") end)
print(one[1])
print(pcall(table.sort, {1, "x", 3}))
print(pcall(table.sort, {{}, {}}))
print(pcall(table.sort, {1, 2, 3}, 1))
print(pcall(table.sort, 1))
print(pcall(table.sort))
-- larger arrays, duplicates, already sorted and reversed input
local big = {}
for i = 1, 500 do big[i] = (i * 7919) % 101 end
table.sort(big)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
print(ok, big[1], big[500])
local sorted = {}
for i = 1, 300 do sorted[i] = i end
table.sort(sorted)
print(sorted[1], sorted[150], sorted[300])
table.sort(sorted, function(a, b) return a > b end)
print(sorted[1], sorted[150], sorted[300])
local same = {}
for i = 1, 200 do same[i] = 5 end
table.sort(same)
print(same[1], same[200])
-- records by key, with a stable tie-break
local recs = {}
for i = 1, 50 do recs[i] = {k = i % 5, id = i} end
table.sort(recs, function(a, b) if a.k ~= b.k then return a.k < b.k end return a.id < b.id end)
local out = {}
for i = 1, 10 do out[i] = recs[i].k .. ":" .. recs[i].id end
print(table.concat(out, " "))
-- __lt metamethod is used for tables
local mt = {__lt = function(a, b) return a.v < b.v end}
local objs = {}
for i, v in ipairs({4, 2, 5, 1, 3}) do objs[i] = setmetatable({v = v}, mt) end
table.sort(objs)
for i = 1, 5 do io.write(objs[i].v, " ") end
print()
-- an inconsistent comparator raises (or at least never crashes or hangs)
local bad = {}
for i = 1, 100 do bad[i] = i end
local okbad, err = pcall(table.sort, bad, function(a, b) return true end)
print(okbad, err)
-- errors inside the comparator propagate
print(pcall(table.sort, {3, 2, 1}, function(a, b) error("cmp failed") end))
-- sorting honours __index/__newindex/__len
local store = {30, 10, 20}
local proxy = setmetatable({}, {
  __len = function() return #store end,
  __index = function(_, k) return store[k] end,
  __newindex = function(_, k, v) store[k] = v end,
})
table.sort(proxy)
print(show(store))
