-- os.time reads fields with __index functions (lua_getfield order) and writes back through __newindex
local base = os.time({ year = 2020, month = 1, day = 1, hour = 12 })
local reads = {}
local t = setmetatable({}, { __index = function(_, k) reads[#reads + 1] = k if k == "year" then return 2020 elseif k == "month" or k == "day" then return 1 end end })
print(os.time(t) - base, table.concat(reads, ","))
local writes = {}
local w = setmetatable({}, { __index = { year = 2020, month = 1, day = 1 }, __newindex = function(tt, k, v) writes[#writes + 1] = k .. "=" .. tostring(v) rawset(tt, k, v) end })
print(os.time(w) - base, table.concat(writes, ","))
print(pcall(os.time, setmetatable({}, { __index = function() error("no fields") end })))
