-- nesting limits: pcall chains, metamethod chains, coroutines inside coroutines
local function nest(n) if n == 0 then return "bottom" end return select(2, pcall(nest, n - 1)) end
print(nest(150))
local depth = 0
local function nestco(n)
  if n == 0 then return "co bottom" end
  return coroutine.wrap(function() return nestco(n - 1) end)()
end
print(nestco(100))
local chain = {}
for i = 1, 100 do chain = setmetatable({}, {__index = chain}) end
print(chain.missing)
local function manyargs(...) return select('#', ...) end
local big = {}
for i = 1, 10000 do big[i] = i end
print(manyargs(table.unpack(big)))
local function sumall(...) local s = 0 for i = 1, select('#', ...) do s = s + (select(i, ...)) end return s end
print(sumall(table.unpack(big, 1, 200)))
local t = {table.unpack(big)}
print(#t)
print(string.rep("ab", 3, ","))
local ok, e = pcall(nest, 250)
print(ok, e)
