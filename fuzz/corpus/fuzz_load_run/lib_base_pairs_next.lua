-- next, pairs (with __pairs), ipairs (with __index)
local function sortedKeys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = tostring(k) end
  table.sort(ks)
  return table.concat(ks, " ")
end
print(sortedKeys({1, 2, 3, a = 1, b = 2, [1.5] = 3, [true] = 4}))
print(next({}), next({10}), next({10}, 1))
print(pcall(next, {}, "missing"))
print(pcall(next))
print(pcall(next, 1))
local t = {a = 1}
local k, v = next(t)
print(k, v, next(t, k))
-- removing during traversal is allowed
local big = {}
for i = 1, 20 do big["k" .. i] = i end
local n = 0
for key in pairs(big) do big[key] = nil; n = n + 1 end
print(n, next(big))
-- __pairs
local proxy = setmetatable({}, {__pairs = function(self)
  local i = 0
  return function(_, last)
    i = i + 1
    if i <= 3 then return i, i * 10 end
  end, self, nil
end})
for k2, v2 in pairs(proxy) do io.write(k2, "=", v2, " ") end
print()
print(select('#', pairs({})))
print(pcall(pairs))
local okp, fp = pcall(pairs, nil)
print(okp, type(fp))
-- ipairs stops at the first nil and honours __index
for i, x in ipairs({1, 2, nil, 4}) do io.write(i, ":", x, " ") end
print()
local virtual = setmetatable({}, {__index = function(_, i) if i <= 4 then return i * i end end})
for i, x in ipairs(virtual) do io.write(i, ":", x, " ") end
print()
local layered = setmetatable({1}, {__index = {nil, 2, 3}})
for i, x in ipairs(layered) do io.write(i, ":", x, " ") end
print()
print(pcall(ipairs))
print(select('#', ipairs({})))
local f, s, c = ipairs({5})
print(f(s, c))
print(f(s, 1))
print(pcall(function() for _ in ipairs(nil) do end end))
print(pcall(function() for _ in ipairs(42) do end end))
