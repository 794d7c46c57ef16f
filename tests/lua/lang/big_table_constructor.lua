-- big table constructors cross batch boundaries
local n = 1000
local parts = {}
for i = 1, n do parts[i] = tostring(i) end
local t = load("return {" .. table.concat(parts, ",") .. "}")()
print(#t, t[1], t[50], t[51], t[500], t[1000])
t = load("return {" .. table.concat(parts, ",") .. ", ...}")(1001, 1002, 1003)
print(#t, t[1003])
t = load("return {" .. table.concat(parts, ",", 1, 60) .. ", x = 1, " .. table.concat(parts, ",", 61, 130) .. "}")()
print(#t, t.x, t[130])
local h = {}
for i = 1, 300 do h[i] = ("k%d = %d"):format(i, i) end
t = load("return {" .. table.concat(h, ",") .. "}")()
print(t.k1, t.k150, t.k300)
local function many() local r = {} for i = 1, 300 do r[i] = i end return table.unpack(r) end
t = {many()}
print(#t, t[300])
t = {many(), many()}
print(#t, t[1], t[2], t[301])
t = {0, many()}
print(#t, t[301])
