-- __pairs
local t = setmetatable({}, {__pairs = function(self)
  local i = 0
  return function(_, k)
    i = i + 1
    if i <= 3 then return i, i * i end
  end, self, nil
end})
for k, v in pairs(t) do io.write(k, "=", v, " ") end print()
-- __pairs returning extra values: only 3 used
local t2 = setmetatable({}, {__pairs = function(self) return next, {a = 1}, nil, "extra" end})
for k, v in pairs(t2) do print(k, v) end
-- ipairs respects __index (5.4)
local proxy = setmetatable({}, {__index = function(_, i) if i <= 4 then return i * 10 end end})
for i, v in ipairs(proxy) do io.write(i, ":", v, " ") end print()
-- pairs on a table without __pairs: sorted keys to be order independent
local plain = {x = 1, y = 2, 3, 4}
local keys = {}
for k in pairs(plain) do keys[#keys + 1] = tostring(k) end
table.sort(keys)
print(table.concat(keys, ","))
print(select("#", pcall(pairs, nil)), pcall(function() for k in pairs(nil) do end end))
print(pcall(function() for k in pairs(1) do end end))
print(pcall(ipairs))
-- next
print(next({}), next({10}), pcall(next, {}, "nokey"))
-- __pairs error
local bad = setmetatable({}, {__pairs = function() error("no pairs") end})
print(pcall(pairs, bad))
