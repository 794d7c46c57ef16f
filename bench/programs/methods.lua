-- Closures and method calls through metatables (__index chains).
local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
function Point:add(o) return Point.new(self.x + o.x, self.y + o.y) end
function Point:dot(o) return self.x * o.x + self.y * o.y end
local Point3 = setmetatable({}, {__index = Point})
Point3.__index = Point3
function Point3.new(x, y, z)
  local p = Point.new(x, y); p.z = z
  return setmetatable(p, Point3)
end
local function counter()
  local c = 0
  return function(d) c = c + d; return c end
end
local n = tonumber(arg and arg[1]) or 1500000
local acc = Point.new(0, 0)
local step = Point3.new(1, 2, 3)
local inc = counter()
-- A float accumulator: exact up to 2^53 whatever the integer width (the manual allows 32-bit
-- integers, and Fengari has them; an integer sum here passes 2^31).
local total = 0.0
for i = 1, n do
  acc = acc:add(step)
  total = total + step:dot(acc) % 7 + inc(1)
end
print(string.format("acc %d,%d total %.0f", acc.x, acc.y, total))
