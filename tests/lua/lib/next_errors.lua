-- next: invalid keys, keys removed during traversal, NaN and nil keys; rawget/rawset/rawlen/rawequal errors
print(next({}), next({}, nil), next({ 10 }), next({ 10 }, 1))
print(pcall(next, {}, "nokey"))
print(pcall(next, { 1, 2 }, 3))
print(pcall(next, { a = 1 }, 0/0))
print(pcall(next))
print(pcall(next, 1))
local t = { a = 1, b = 2, c = 3, d = 4 }
local n = 0
for k in pairs(t) do t[k] = nil n = n + 1 end
print(n, next(t))
print(pcall(rawset, {}, nil, 1))
print(pcall(rawset, {}, 0/0, 1))
print(pcall(rawset, 1, 1, 1))
print(pcall(rawset, {}, 1))
print(pcall(rawget, 1, 1))
print(pcall(rawget, {}))
print(rawget({}, nil), rawget({}, 0/0), rawget({ 5 }, 1.0))
print(rawlen({ 1, 2 }), rawlen("abc"), pcall(rawlen, 5))
print(pcall(rawlen))
print(rawequal(1, 1.0), rawequal("a", "a"), rawequal({}, {}), rawequal(0/0, 0/0), pcall(rawequal, 1))
print(pcall(rawequal))
local nk = {}
print(pcall(function() nk[0/0] = 1 end))
print(pcall(function() nk[nil] = 1 end))
print(nk[0/0], nk[nil], rawget(nk, 0/0))
nk[1.0] = "one" nk[2^53] = "big"
print(nk[1], math.type(next(nk)), nk[2^53 | 0])
local r = rawset({}, "k", "v")
print(r.k, type(r))
