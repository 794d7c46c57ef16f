-- table.pack / select / table.unpack with many values and trailing nils
local t = table.pack(table.unpack({}, 1, 250))
print(t.n, #t, t[250])
local vals = {}
for i = 1, 250 do vals[i] = i end
t = table.pack(table.unpack(vals))
print(t.n, t[1], t[250], select("#", table.unpack(t, 1, t.n)))
print(select(-1, table.unpack(vals)), select(250, table.unpack(vals)))
t = table.pack(nil, nil, nil)
print(t.n, #t, next(t))
print(table.unpack(table.pack(1, 2, 3), 1, 3))
local function count(...) return select("#", ...) end
print(count(table.unpack({ 1, nil, 3 }, 1, 3)), count(table.unpack({}, 1, 0)), count(table.unpack({}, 5, 7)))
