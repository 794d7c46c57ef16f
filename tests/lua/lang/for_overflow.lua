-- integer for loops never overflow
local max, min = math.maxinteger, math.mininteger
local n = 0
for i = max - 2, max do n = n + 1 io.write(i, " ") end print(n)
n = 0
for i = min + 2, min, -1 do n = n + 1 io.write(i, " ") end print(n)
n = 0
for i = max - 10, max, 7 do n = n + 1 io.write(i, " ") end print(n)
n = 0
for i = min, min + 20, max do n = n + 1 io.write(i, " ") end print(n)
n = 0
for i = 1, max, max // 2 do n = n + 1 io.write(i, " ") end print(n)
n = 0
for i = max, min, min do n = n + 1 io.write(i, " ") end print(n)
-- float limits clipped to integers
n = 0
for i = max - 1, 1e100 do n = n + 1 if n > 5 then break end end print("big limit", n)
n = 0
for i = 1, -1e100 do n = n + 1 end print("neg limit", n)
n = 0
for i = min + 1, -1e100, -1 do n = n + 1 if n > 5 then break end end print("neg big", n)
for i = 1, 2.9 do io.write(i, " ") end print()
for i = -1, -2.1, -1 do io.write(i, " ") end print()
for i = 3, 0/0 do print("nan limit runs?", i) end
print("done")
