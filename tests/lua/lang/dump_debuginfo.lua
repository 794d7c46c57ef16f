-- string.dump keeps line info and names unless stripped
local function f(a, b)
  local c = a + b
  return c.x
end
local d = load(string.dump(f))
print(pcall(d, 1, 2))
local s = load(string.dump(f, true))
print(pcall(s, 1, 2))
local info = debug.getinfo(d, "S")
print(info.source == debug.getinfo(f, "S").source, info.linedefined, info.lastlinedefined, info.what)
local sinfo = debug.getinfo(s, "Sl")
print(sinfo.linedefined, sinfo.lastlinedefined, sinfo.source, sinfo.short_src, sinfo.currentline)
print(debug.getlocal(d, 1), debug.getlocal(d, 2), debug.getlocal(s, 1))
local function g() local x = 1 return function() return x end end
local inner = g()
local di = load(string.dump(inner))
print((debug.getupvalue(di, 1)))
local dis = load(string.dump(inner, true))
print((debug.getupvalue(dis, 1)))
print(#string.dump(f) > #string.dump(f, true))
local function varf(...) return select("#", ...) end
print(load(string.dump(varf))(1, 2, 3))
local mainchunk = load("local a = ... return a * 2", "=main")
print(load(string.dump(mainchunk))(21))
local nested = load(string.dump(function() return function() return function() return "deep" end end end))
print(nested()()())
local big = {}
for i = 1, 300 do big[i] = "x" .. i end
local bigf = load("return {" .. ("'%s',"):rep(300):format(table.unpack(big)) .. "}")
print(#load(string.dump(bigf))())
print(pcall(load(string.dump(function() error("in dumped") end))))
