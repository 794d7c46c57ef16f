-- the fourth value of a generic for is a to-be-closed variable
local log = {}
local function closer(name) return setmetatable({}, {__close = function(_, e) log[#log + 1] = name .. ":" .. tostring(e) end}) end
local function iter(n, name)
  local i = 0
  return function() i = i + 1 if i <= n then return i end end, nil, nil, closer(name)
end
for v in iter(2, "normal") do end
for v in iter(5, "break") do if v == 2 then break end end
local function ret() for v in iter(5, "return") do if v == 3 then return v end end end
print(ret())
print(pcall(function() for v in iter(5, "error") do if v == 2 then error("stop", 0) end end end))
do
  for v in iter(3, "goto") do if v == 1 then goto out end end
  ::out::
end
print(table.concat(log, " "))
print(pcall(function() for v in next, {}, nil, 42 do end end))
print(pcall(function() for v in next, {}, nil, false do end end))
local closedAt
local f, s, c = ipairs({1, 2})
for i, v in f, s, c, nil do closedAt = i end
print(closedAt)
