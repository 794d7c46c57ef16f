-- functions with many constants (beyond one-byte constant indices)
local parts = {}
for i = 1, 600 do parts[#parts + 1] = ("t['k%d'] = %d.5"):format(i, i) end
local f = load("local t = {}\n" .. table.concat(parts, "\n") .. "\nreturn t")
local t = f()
print(t.k1, t.k300, t.k600)
parts = {}
for i = 1, 400 do parts[#parts + 1] = ("'s%d'"):format(i) end
local g = load("return {" .. table.concat(parts, ",") .. "}")
local r = g()
print(#r, r[1], r[256], r[257], r[400])
parts = {}
for i = 1, 300 do parts[#parts + 1] = ("x = x + %d.25"):format(i) end
local h = load("local x = 0\n" .. table.concat(parts, "\n") .. "\nreturn x")
print(h())
parts = {}
for i = 1, 300 do parts[#parts + 1] = ("if v == 'c%d' then return %d end"):format(i, i) end
local sw = load("local v = ...\n" .. table.concat(parts, "\n") .. "\nreturn -1")
print(sw("c1"), sw("c255"), sw("c256"), sw("c300"), sw("none"))
parts = {}
for i = 1, 300 do parts[#parts + 1] = ("g%d = %d"):format(i, i) end
local env = {}
load(table.concat(parts, "\n"), "globals", "t", env)()
print(env.g1, env.g256, env.g300)
parts = {}
for i = 1, 300 do parts[#parts + 1] = ("t.f%d = 'v%d'"):format(i, i) end
local fields = load("local t = {}\n" .. table.concat(parts, "\n") .. "\nreturn t.f1 .. t.f299 .. #t")()
print(fields)
print(string.dump(f) ~= nil, load(string.dump(f))().k600)
