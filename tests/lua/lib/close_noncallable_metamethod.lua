-- a __close metamethod that is not callable: the error names the metamethod, as lua5.4 does
local d = setmetatable({}, { __close = 1 })
print(pcall(function() local x <close> = d end))
local e = setmetatable({}, { __close = "str" })
print(pcall(function() local y <close> = e return "body ran" end))
