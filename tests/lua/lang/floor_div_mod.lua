-- // and % use floor semantics for integers and floats
local vals = {7, -7, 3, -3, 0}
for _, a in ipairs({7, -7, 0, 13, -13}) do
  for _, b in ipairs({3, -3, 2, -2, 1}) do
    print(a, b, a // b, a % b, a / b)
  end
end
for _, a in ipairs({7.5, -7.5, 0.0, -0.0}) do
  for _, b in ipairs({2, -2, 0.5, -0.5}) do
    print(a, b, a // b, a % b)
  end
end
print(1 // 0.0, -1 // 0.0, 0/0 ~= 0/0)
print(1 % math.huge, -1 % math.huge, 1 % -math.huge, -1 % -math.huge)
print(5.3 % 2, -5.3 % 2, 5.3 % -2)
print(pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
print(1.0 // 0, 1 % 0.0 ~= 1 % 0.0)
print(math.mininteger // -1, math.mininteger % -1)
print(3 // 2.0, math.type(3 // 2.0), math.type(3 // 2))
