-- a constant left operand of a commutative operator: lua5.4 swaps it into the instruction, so no load on the right operand's line
local function f(a)
  local b = 1 +
    2 +
    a
  local c = 3 *
    a
  local d = 7 &
    a
  local e = 2.5 +
    a
  local g = 3 -
    a
  local h = 1 |
    a
  return b + c + d + e + g + h
end
local al = {}
for l in pairs(debug.getinfo(f, "L").activelines) do al[#al + 1] = l end
table.sort(al)
print(table.concat(al, " "))
local lines = {}
debug.sethook(function(_, l) lines[#lines + 1] = l end, "l")
local r = f(5)
debug.sethook()
print(r, table.concat(lines, " "))
