-- lua5.4 compiles `x - k` (k a small integer constant) as x + (-k): for x = -0.0 and k = 0
-- the result is 0.0, not -0.0; with k in a register the subtraction stays -0.0
local function show(v) return string.format("%s %g", math.type(v), v) end
local x = -0.0
print(show(x - 0), show(x + 0), show(x - 0.0), show(x - 1))
local z = 0
print(show(x - z), show(-0.0 - z))
print(show((-0.0) - 0), show(0.0 - 0))
local t = setmetatable({}, {__sub = function(a, b) return "sub " .. tostring(b) end, __add = function() return "add" end})
print(t - 0, t - 5, t - -3)
