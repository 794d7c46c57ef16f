-- __tostring recursing through string.format('%s') overflows the C stack:
-- lua5.4's message has no position (it is raised inside string.format).
local t = setmetatable({}, {__tostring = function(o) return string.format("%s", o) end})
print(pcall(string.format, "%s", t))
print(string.format("%s", t))
-- expect error: C stack overflow
