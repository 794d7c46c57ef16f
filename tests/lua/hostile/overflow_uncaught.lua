-- An uncaught C stack overflow ends the script with lua5.4's message.
local t
t = setmetatable({}, {__index = function(s, k) return s[k] end})
print(t.x)
-- expect error: overflow_uncaught.lua:3: C stack overflow
