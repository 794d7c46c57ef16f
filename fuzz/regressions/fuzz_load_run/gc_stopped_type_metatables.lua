collectgarbage("stop")
local t = {} for i = 1, 1000 do t[i] = {} end
debug.setmetatable("", {__index = function() error("no strings") end, __concat = error})
debug.setmetatable(1, {__mul = error, __index = error})
debug.setmetatable(nil, {__index = error, __newindex = error})
