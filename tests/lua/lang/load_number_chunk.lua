-- load accepts a number as the chunk (it is converted to a string, as lua_tolstring does)
print(pcall(load, 42))
print(load(42, "=num"))
print(load(7.5, "=num"))
local pieces = {"return ", 1, 2}
local i = 0
local f = load(function() i = i + 1 return pieces[i] end)
print(f and f())
