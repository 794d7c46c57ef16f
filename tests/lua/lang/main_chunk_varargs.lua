-- the main chunk is a vararg function; a script run without arguments gets none
print(select("#", ...))
local a, b = ...
print(a, b)
local t = {...}
print(#t)
print(type(arg), arg and arg[0], arg and #arg)
local function f(...) return ... end
print(f(...))
local info = debug.getinfo(1, "u")
print(info.isvararg, info.nparams)
return "ignored return value"
