-- GC-heavy allocation with a small live heap: build and check binary trees.
local function make(depth)
  if depth == 0 then return {} end
  return {make(depth - 1), make(depth - 1)}
end
local function check(t)
  if t[1] then return 1 + check(t[1]) + check(t[2]) end
  return 1
end
local maxDepth = tonumber(arg and arg[1]) or 15
local long = make(maxDepth)
local total = 0
for d = 4, maxDepth, 2 do
  local iters = 2 ^ (maxDepth - d + 4)
  for i = 1, iters do total = total + check(make(d)) end
end
print(string.format("total %.0f long %d", total, check(long)))
