-- # returns a border; for sequences it is the length
local seqs = {{}, {1}, {1, 2, 3}, {n = 1}, {1, 2, 3, nil}, {"a", "b", [3] = "c"}}
for i, s in ipairs(seqs) do print(i, #s) end
local t = {}
for i = 1, 20 do t[i] = i end
print(#t)
for i = 20, 11, -1 do t[i] = nil end
print(#t)
t[#t + 1] = "append"
print(#t, t[#t])
local s = {}
s[1] = 1 s[2] = 2 s[3] = 3
print(#s)
s[#s] = nil
print(#s)
local h = {}
for i = 1, 100 do h[i] = true end
for i = 1, 100 do h[i] = nil end
print(#h)
local grow = {}
for i = 1, 1000 do grow[#grow + 1] = i end
print(#grow, grow[1000])
local strs = {"", "a", "hello world", ("x"):rep(1000)}
for _, v in ipairs(strs) do io.write(#v, " ") end print()
local sparse = {[1] = 1, [2] = 2, [4] = 4}
local b = #sparse
print(b == 2 or b == 4)
-- table.insert/remove keep borders
local q = {}
table.insert(q, "a") table.insert(q, "b") table.insert(q, 1, "z")
print(#q, table.concat(q, ","))
print(table.remove(q), table.remove(q, 1), #q, q[1])
