-- Storing with a NaN key, uncaught.
local t = {}
print(pcall(function() t[0/0] = 1 end))
print(pcall(rawset, t, 0/0, 1))
t[0/0] = 1
-- expect error: robust_uncaught_nan_key.lua:5: table index is NaN
