-- goto, labels, nested break, repeat-until scoping
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto continue end
    io.write(i, ":", j, " ")
    ::continue::
  end
end
print()
do
  local k = 0
  ::loop::
  k = k + 1
  if k < 5 then goto loop end
  print(k)
end
local x = 0
repeat local y = x; x = x + 1 until y >= 3
print(x)
local fns = {}
for i = 1, 3 do
  local j = i * 2
  fns[#fns + 1] = function() return i, j end
end
for _, f in ipairs(fns) do io.write(table.concat({f()}, ","), " ") end
print()
while true do
  local z = 1
  if z then break end
end
print("done")
