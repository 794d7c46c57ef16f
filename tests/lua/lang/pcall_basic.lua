-- pcall results and nesting
print(pcall(function(...) return ... end, 1, nil, 3))
print(select("#", pcall(function() end)))
print(pcall(pcall, error, "e"))
print(pcall(pcall))
print(pcall(function() return pcall() end))
print(pcall(setmetatable({}, {__call = function(_, x) return "called", x end}), 5))
print(pcall(pcall, pcall, error, "deep"))
local depth = 0
local function nest(n)
  if n == 0 then error("bottom", 0) end
  local ok, e = pcall(nest, n - 1)
  depth = depth + 1
  error(e .. "<" .. n, 0)
end
print(pcall(nest, 5))
print(depth)
-- errors in argument evaluation are outside the pcall
print(pcall(function() return pcall(error("outside")) end))
-- pcall returns all results
print(pcall(string.find, "hello", "l+"))
print(pcall(string.rep))
-- pcall in a loop
local fails = 0
for i = 1, 100 do if not pcall(function() if i % 3 == 0 then error("x") end end) then fails = fails + 1 end end
print(fails)
