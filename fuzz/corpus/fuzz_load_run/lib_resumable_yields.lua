-- tricolor-only
-- Library functions that call Lua do it through kHostCallK, so the Lua code they call may
-- yield (lua5.4 raises "attempt to yield across a C-call boundary"; see known-differences).
local function drive(f)
  local co = coroutine.wrap(f)
  local steps = 0
  local r = co()
  while r == "tick" do steps = steps + 1; r = co() end
  return r, steps
end
print(drive(function()
  return (string.gsub("abc", "%w", function(c) coroutine.yield("tick") return c:upper() end))
end))
-- expect: ABC	3
print(drive(function()
  local t = setmetatable({}, {__tostring = function() coroutine.yield("tick") return "T" end})
  return tostring(t) .. tostring(t)
end))
-- expect: TT	2
print(drive(function()
  local p = setmetatable({}, {__pairs = function(t) coroutine.yield("tick") return next, {1, 2}, nil end})
  local n = 0
  for _ in pairs(p) do n = n + 1 end
  return n
end))
-- expect: 2	1
print(drive(function()
  local v = setmetatable({}, {__index = function(_, i) coroutine.yield("tick") if i <= 3 then return i end end})
  local s = 0
  for _, x in ipairs(v) do s = s + x end
  return s
end))
-- expect: 6	4
print(drive(function()
  package.preload.tc_yielding = function() coroutine.yield("tick") return "loaded" end
  return require("tc_yielding")
end))
-- expect: loaded	1
print(drive(function()
  local t = {5, 1, 4, 2, 3}
  table.sort(t, function(a, b) coroutine.yield("tick") return a < b end)
  return table.concat(t, ",")
end))
-- expect: 1,2,3,4,5	10
