-- expressions with many temporaries and nested calls
local function id(...) return ... end
local a, b, c = 1, 2, 3
print(id(a, id(b, id(c, id(a + b, id(b * c))))))
print(((a + b) * (c - a)) / ((b + c) * (a + c)) + (a * (b * (c * (a * (b * (c)))))))
local t = {x = {y = {z = {w = 5}}}}
print(t.x.y.z.w + t.x.y.z.w * t.x.y.z.w - (t.x.y.z.w // 2))
print(("a"):rep(2) .. ("b"):rep(3) .. id("c") .. (id("d") .. id("e")) .. #("fg" .. "h"))
print(math.max(id(1, 2, 3), id(4), math.min(5, id(6, 7))))
local s = 0
for i = 1, 10 do s = s + (i * (i + 1) * (i + 2) // (i + 3) % (i + 4) + i ^ 2 // 3) end
print(s)
local big = {}
for i = 1, 200 do big[i] = i end
print(select("#", table.unpack(big)), id(table.unpack(big, 195)))
local function sum(...) local r = 0 for _, v in ipairs({...}) do r = r + v end return r end
print(sum(table.unpack(big)), sum(id(1, 2), id(3, 4), id(5)))
local m = {f = function(self, ...) return select("#", ...) end}
print(m:f(table.unpack(big)), m:f(id()), m:f(nil, nil))
print(#{table.unpack(big)}, #{id(table.unpack(big)), 0})
local x = {[a] = {[b] = {[c] = "deep"}}}
print(x[a][b][c], x[1][2][3])
