-- debug.getinfo: every option letter on Lua functions, C functions, levels and main chunk
local function fields(i)
  local names = {}
  for k in pairs(i) do names[#names + 1] = k end
  table.sort(names)
  return table.concat(names, ",")
end
local function sample(a, b, ...)
  return debug.getinfo(1)
end
local i = sample(1, 2)
print(fields(i))
print(i.what, i.source, i.short_src, i.linedefined, i.lastlinedefined, i.currentline, i.nups, i.nparams, i.isvararg, i.name, i.namewhat, i.istailcall)
for _, opt in ipairs({ "S", "l", "n", "u", "t", "f", "L", "r", "" }) do
  print(opt, fields(debug.getinfo(sample, opt)))
end
local c = debug.getinfo(print, "Slnu")
print(c.what, c.source, c.short_src, c.currentline, c.linedefined, c.nups, c.nparams, c.isvararg)
local m = debug.getinfo(1, "Sl")
print(m.what, m.source, m.linedefined, m.currentline)
local function named() return debug.getinfo(1, "n") end
local t = { meth = function(self) return debug.getinfo(1, "n") end }
local n1 = named()
local n2 = t:meth()
local n3 = t.meth(t)
print(n1.name, n1.namewhat, n2.name, n2.namewhat, n3.name, n3.namewhat)
local mt = setmetatable({}, { __add = function() return debug.getinfo(1, "n") end, __index = function() return debug.getinfo(1, "n") end })
local n4 = mt + 1
local n5 = mt.anything
print(n4.name, n4.namewhat, n5.name, n5.namewhat)
local function tail() return debug.getinfo(1, "t") end
local function caller() return tail() end
print(caller().istailcall, tail().istailcall)
local ld = load("local x = 1\nreturn debug.getinfo(1, 'S')", "=custom")()
print(ld.source, ld.short_src, ld.what)
ld = load("return debug.getinfo(1, 'S')", "@file/name.lua")()
print(ld.source, ld.short_src)
ld = load("return debug.getinfo(1, 'S')", string.rep("x", 100))()
print(ld.short_src)
ld = load("return debug.getinfo(1, 'S')", "line1\nline2")()
print(ld.short_src)
ld = load("return debug.getinfo(1, 'S')", "=" .. string.rep("y", 100))()
print(ld.short_src, #ld.short_src)
ld = load("return debug.getinfo(1, 'S')", "@" .. string.rep("z", 100))()
print(ld.short_src, #ld.short_src)
print(debug.getinfo(100), pcall(debug.getinfo, 1, "X"))
print(pcall(debug.getinfo, {}))
print(pcall(debug.getinfo))
local r = debug.getinfo(1, "r")
print(r.ftransfer, r.ntransfer)
