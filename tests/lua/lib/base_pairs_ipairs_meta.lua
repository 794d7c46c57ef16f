-- pairs with __pairs, ipairs through __index, and their errors
local log = {}
local p = setmetatable({}, { __pairs = function(t) log[#log + 1] = "pairs" return function(_, k) if not k then return 1, "one" end end, t, nil end })
for k, v in pairs(p) do print(k, v) end
print(table.concat(log, ","))
local three = setmetatable({}, { __pairs = function() return 1, 2, 3, 4 end })
print(pairs(three))
local proxy = setmetatable({}, { __index = function(_, i) if i <= 3 then return i * i end end })
for i, v in ipairs(proxy) do io.write(i, "=", v, " ") end print()
local holes = { 1, 2, nil, 4 }
for i, v in ipairs(holes) do io.write(i, " ") end print()
print(pcall(pairs))
print((select(2, pcall(pairs, nil))) == next, select(3, pcall(pairs, nil)))
print((select(2, pcall(pairs, 1))) == next, select(3, pcall(pairs, 1)))
print(pcall(ipairs))
print(select("#", ipairs({})), select("#", pairs({})))
local f, s, init = ipairs({ 7 })
print(f(s, init), f(s, 1), type(f))
local nf, ns, ni = pairs({})
print(nf == next, ni)
for i, v in ipairs("ab") do print(i, v) end
print(pcall(function() for i, v in ipairs(nil) do end end))
print(pcall(function() for i in ipairs(setmetatable({}, { __index = function() error("idx") end })) do end end))
local count = 0
for i in ipairs(setmetatable({}, { __index = function(_, i) count = count + 1 if i < 100 then return true end end })) do end
print(count)
