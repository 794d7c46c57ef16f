-- debug.getinfo fields for Lua functions
local function sample(a, b, ...)
  local info = debug.getinfo(1, "nSlutf")
  return info
end
local i = sample(1, 2)
print(i.what, i.short_src, i.source, i.linedefined, i.lastlinedefined, i.currentline)
print(i.nups, i.nparams, i.isvararg, i.name, i.namewhat, i.istailcall, i.func == sample)
local m = debug.getinfo(1, "S")
print(m.what, m.linedefined, m.short_src)
local p = debug.getinfo(print)
print(p.what, p.short_src, p.source, p.currentline, p.linedefined, p.nparams, p.isvararg, p.nups)
local function noargs() end
local n = debug.getinfo(noargs, "u")
print(n.nparams, n.isvararg, n.nups)
print(debug.getinfo(100))
print(pcall(debug.getinfo, 1, ">"))
print(pcall(debug.getinfo, {}))
local L = debug.getinfo(sample, "L")
local lines = {}
for k in pairs(L.activelines) do lines[#lines + 1] = k end
table.sort(lines)
print(table.concat(lines, " "))
local loaded = load("return debug.getinfo(1, 'S')", "=custom")()
print(loaded.source, loaded.short_src, loaded.what, loaded.linedefined)
loaded = load("\n\nreturn debug.getinfo(1, 'Sl')", "@path/to/file.lua")()
print(loaded.source, loaded.short_src, loaded.currentline)
loaded = load("return debug.getinfo(1, 'S')")()
print(loaded.source, loaded.short_src)
local t = {}
function t.field() return debug.getinfo(1, "n") end
function t:meth() return debug.getinfo(1, "n") end
local f1, f2 = t.field(), t:meth()
print(f1.name, f1.namewhat, f2.name, f2.namewhat)
gfun = function() return debug.getinfo(1, "n") end
local g = gfun()
print(g.name, g.namewhat)
local function localfn() return debug.getinfo(1, "n") end
local lf = localfn()
print(lf.name, lf.namewhat)
local up = localfn
local function viaup() local r = up() return r end
print(viaup().name, viaup().namewhat)
