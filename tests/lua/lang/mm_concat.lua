-- __concat
local mt = {__concat = function(a, b)
  local function s(v) return type(v) == "table" and "T" or tostring(v) end
  return s(a) .. "+" .. s(b)
end}
local T = setmetatable({}, mt)
print(T .. "x", "x" .. T, T .. T, 1 .. T, T .. 2.5)
print("a" .. "b" .. T .. "c" .. "d")
print(T .. "a" .. "b")
print("a" .. T .. "b")
print(pcall(function() return "a" .. {} end))
print(pcall(function() return {} .. "a" end))
print(pcall(function() return "a" .. nil end))
print(pcall(function() return true .. "a" end))
print(pcall(function() local t = {} return "a" .. "b" .. t .. "c" end))
print(1 .. 2, 1.0 .. "", -0.0 .. "", 2^63 .. "")
local many = {}
for i = 1, 30 do many[i] = tostring(i) end
print(table.concat(many))
local r = "s"
for i = 1, 5 do r = r .. i .. r:sub(1, 1) end
print(r)
-- __concat returning non-string continues concatenation
local nstr = setmetatable({}, {__concat = function(a, b) return 7 end})
print("x" .. nstr .. "y")
local counts = 0
local c = setmetatable({}, {__concat = function(a, b) counts = counts + 1 return "c" end})
local v = "1" .. "2" .. c .. "3" .. "4"
print(v, counts)
