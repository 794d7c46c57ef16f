-- tricolor-only
-- Tricolor's table.sort is resumable: a comparator may yield (lua5.4 raises
-- "attempt to yield across a C-call boundary" here; see known-differences).
-- comparator that yields inside a coroutine
local co = coroutine.wrap(function()
  local arr = {3, 1, 2}
  table.sort(arr, function(a, b) coroutine.yield("cmp") return a < b end)
  return table.concat(arr, ",")
end)
local r = co()
local n = 0
while r == "cmp" do n = n + 1; r = co() end
print(r, n > 0)
-- expect: 1,2,3	true
