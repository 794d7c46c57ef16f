-- adjustment of multiple results
local function three() return 1, 2, 3 end
local function none() end
local a, b, c, d = three()
print(a, b, c, d)
a, b, c, d = three(), 10
print(a, b, c, d)
a, b, c, d = 0, three()
print(a, b, c, d)
print(three(), three())
print((three()))
local t = {three(), three()}
print(#t)
t = {three(), (three())}
print(#t)
t = {three(), nil}
print(#t)
t = {none(), none()}
print(#t, t[1])
print(none())
print(pcall(type), pcall(function() return type(none()) end))
print(select("#", none()), select("#", (none())))
local x, y = none()
print(x, y)
print(string.format("%s %s", three()))
print(math.max(three()), math.min(three(), 0))
local function pass(...) return ... end
print(pass(three()), pass(none()), pass(three()))
print(({three()})[3])
local u = {[1] = "a", three()}
print(u[1], u[2], u[3])
local k = {three(), x = 1, three()}
print(#k, k.x)
-- assignment evaluates all before assigning
local i = 1
local arr = {}
i, arr[i] = i + 1, 20
print(i, arr[1], arr[2])
local p, q = 1, 2
p, q = q, p
print(p, q)
