-- table.sort with inconsistent comparators terminates (raising or not) and never corrupts
-- the table: every original element is still there afterwards.
local function check(n, cmp)
  local t = {}
  for i = 1, n do t[i] = i end
  local ok = pcall(table.sort, t, cmp)
  local seen, count = {}, 0
  for i = 1, n do
    if t[i] ~= nil and not seen[t[i]] then seen[t[i]] = true; count = count + 1 end
  end
  return count == n
end
math.randomseed(1)
local comparators = {
  function(a, b) return true end,
  function(a, b) return false end,
  function(a, b) return a <= b end,
  function(a, b) return math.random() < 0.5 end,
  function(a, b) return (a + b) % 3 == 0 end,
  function(a, b) return a % 7 < b % 5 end,
}
local all = true
for _, cmp in ipairs(comparators) do
  for _, n in ipairs({2, 3, 4, 5, 10, 50, 300}) do
    if not check(n, cmp) then all = false end
  end
end
print("all elements kept:", all)
local t = {3, 1, 2}
print(pcall(table.sort, t, function(a, b) return nil end), #t)
