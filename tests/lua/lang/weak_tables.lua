-- __mode weak tables after a full collection
local weakv = setmetatable({}, {__mode = "v"})
local weakk = setmetatable({}, {__mode = "k"})
local strong = {}
weakv[1] = {} weakv[2] = strong weakv[3] = "string" weakv[4] = 42
weakk[{}] = "gone" weakk[strong] = "kept"
collectgarbage()
collectgarbage()
print(weakv[1], weakv[2] == strong, weakv[3], weakv[4])
local n = 0
for k, v in pairs(weakk) do n = n + 1 print(k == strong, v) end
print(n)
local kv = setmetatable({}, {__mode = "kv"})
kv[1] = {} kv[{}] = 1 kv.x = strong
collectgarbage()
local c = 0
for _ in pairs(kv) do c = c + 1 end
print(c, kv.x == strong)
-- ephemeron: value refers to key
local eph = setmetatable({}, {__mode = "k"})
do local key = {} eph[key] = {ref = key} end
collectgarbage()
local e = 0
for _ in pairs(eph) do e = e + 1 end
print(e)
print(getmetatable(weakv).__mode, collectgarbage("isrunning"))
