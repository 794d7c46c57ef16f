-- table constructors
local function f() return "a", "b", "c" end
local t = {1, 2, 3, x = "x", ["y z"] = "yz", [10] = 10, f()}
print(#t, t[1], t[4], t[6], t.x, t["y z"], t[10])
t = {f(), f()}
print(#t, t[1], t[2], t[4])
t = {[1] = "explicit", "positional"}
print(t[1])
t = {"positional", [1] = "explicit"}
print(t[1])
t = {1, 2, 3; 4, 5; n = 2,}
print(#t, t.n)
t = {[1.0] = "f1", [2] = "i2", [2^53] = "big"}
print(t[1], t[2.0], t[2^53])
local big = {}
for i = 1, 100 do big[i] = i end
local constructed = {table.unpack(big)}
print(#constructed, constructed[100])
local long = {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,
  31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61}
print(#long, long[50], long[51], long[61])
local nested = {{1, {2, {3}}}, k = {v = {w = "deep"}}}
print(nested[1][2][2][1], nested.k.v.w)
local withnil = {nil, nil, 3}
print(withnil[3], select("#", table.unpack(withnil, 1, 3)))
local exprkeys = {[1 + 1] = "two", ["a" .. "b"] = "ab", [true] = "t"}
print(exprkeys[2], exprkeys.ab, exprkeys[true])
print(pcall(function() return {[nil] = 1} end))
print(pcall(function() return {[0/0] = 1} end))
local function va(...) return {..., "end"} end
local r = va(1, 2, 3)
print(#r, r[1], r[2])
local function va2(...) return {"start", ...} end
r = va2(1, 2, 3)
print(#r, r[4])
