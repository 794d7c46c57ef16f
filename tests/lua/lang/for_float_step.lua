-- numeric for with float values and steps
for i = 1, 2, 0.25 do io.write(i, " ") end print()
for i = 1.0, 3 do io.write(i, " ", math.type(i), " ") end print()
for i = 1, 3.5 do io.write(i, " ", math.type(i), " ") end print()
for i = 10, 1, -2.5 do io.write(i, " ") end print()
for i = 0.1, 0.5, 0.1 do io.write(string.format("%.17g ", i)) end print()
for i = 1, 0 do print("never") end
for i = 1, 1 do print("once", i) end
for i = -0.0, 0 do print("zero", i) end
for i = 1, math.huge, 2^60 do io.write(string.format("%.0f ", i)) if i > 2^62 then break end end print()
for i = 3, 1.5, -1 do io.write(i, " ") end print()
local n = 0
for i = 0.0, 1.0, 1/3 do n = n + 1 end
print("thirds", n)
print(pcall(function() for i = 1, 10, 0.0 do end end))
print(pcall(function() for i = 1.0, 10, 0 do end end))
-- the loop variable is a copy
for i = 1, 3 do local j = i; i = i * 10; io.write(j, ":", i, " ") end print()
