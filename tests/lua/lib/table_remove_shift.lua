-- table.remove / table.insert shifting through __index/__newindex and with border positions
local log = {}
local t = setmetatable({}, {
  __len = function() return 3 end,
  __index = function(_, k) log[#log + 1] = "r" .. k return "v" .. k end,
  __newindex = function(tt, k, v) log[#log + 1] = "w" .. k .. "=" .. tostring(v) end,
})
print(table.remove(t, 1))
print(table.concat(log, " "))
log = {}
table.insert(t, 2, "new")
print(table.concat(log, " "))
log = {}
table.insert(t, "app")
print(table.concat(log, " "))
local a = { 1, 2, 3, 4, 5 }
print(table.remove(a, 3), table.concat(a, ","))
print(table.remove(a, #a + 1), table.concat(a, ","))
print(table.remove(a, 1), table.concat(a, ","))
while #a > 0 do io.write(table.remove(a), " ") end print(#a)
local z = {}
print(table.remove(z, #z), table.remove(z, #z + 1), pcall(table.remove, z, -1))
local b = { n = 0 }
for i = 1, 10 do table.insert(b, 1, i) end
print(table.concat(b, " "))
