-- error descriptions for upvalues and constants
local function e(f) print(select(2, pcall(f))) end
local nothing
local str = "text"
local num <const> = 5
local ct <const> = nil
e(function() return nothing.x end)
e(function() return nothing() end)
e(function() return nothing + 1 end)
e(function() return str.x.y end)
e(function() return str + 1 end)
e(function() return num.x end)
e(function() return num() end)
e(function() return ct.x end)
e(function() return ct() end)
e(function() local k <const> = "key" local t = {} return t[k].x end)
e(function() local k <const> = 10 return k .. {} end)
e(function() return ("lit")() end)
e(function() return (1).x end)
e(function() return (nil)() end)
e(function() local t = {} return t.a.b end)
e(function() return _ENV.x.y end)
local _ENV = {print = print, pcall = pcall, select = select}
e(function() return missing.x end)
e(function() missing() end)
