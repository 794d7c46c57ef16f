-- the main chunk is called from a C function (lua.c's pmain): debug.getinfo sees it one level up
local i = debug.getinfo(2, "Sl")
print(i and i.what, i and i.source, i and i.short_src, i and i.currentline)
print(debug.getinfo(3))
local function f() return debug.getinfo(3, "S") end
local j = f()
print(j and j.what)
