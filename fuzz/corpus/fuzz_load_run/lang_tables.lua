-- table constructors, SETLIST, length, integer/float keys
local t = {1, 2, 3, nil, 5}
print(#t == 5 or #t == 3, t[5])
local big = {}
for i = 1, 300 do big[i] = i end
local cons = {table.unpack(big)}
print(#cons, cons[1], cons[300])
local lit = {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60}
print(#lit, lit[51], lit[60])
local mixed = {x = 1, 10, y = 2, 20, [100] = "h", [1.0 + 1] = "two?"}
print(mixed[1], mixed[2], mixed.x, mixed[100])
local k = {}
k[1.0] = "one"; k[2^53] = "big"
print(k[1], k[2^53 | 0], math.type(next(k)))
local n = {}
n["1"] = "s"; n[1] = "i"
print(n["1"], n[1])
local nested = {a = {b = {c = {d = "deep"}}}}
print(nested.a.b.c.d)
local t2 = {}
t2.x, t2.y = 1, 2
t2[#t2 + 1] = "a"; t2[#t2 + 1] = "b"
print(t2.x, t2.y, #t2, t2[2])
local function f() return 1, 2, 3 end
local t3 = {f(), f()}
local t4 = {f(), (f())}
print(#t3, #t4)
local cnt = 0
for _ in pairs({a = 1, b = 2, c = 3, 1, 2}) do cnt = cnt + 1 end
print(cnt)
local s = {}
for i = 1, 10 do s[i] = i end
for i = 1, 10, 2 do s[i] = nil end
local c2 = 0
for _, v in pairs(s) do c2 = c2 + v end
print(c2)
