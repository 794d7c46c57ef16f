-- while/repeat/for scoping and control
local i = 0
while true do i = i + 1 if i >= 5 then break end end
print(i)
local r = 0
repeat local stop = r >= 3 r = r + 1 until stop
print(r)
for k = 1, 3 do local k = k * 2 io.write(k, " ") end print()
local out = {}
for a = 1, 3 do for b = a, 3 do out[#out + 1] = a .. b end end
print(table.concat(out, " "))
-- break only leaves the innermost loop
local c = 0
for a = 1, 3 do
  while true do c = c + 1 break end
end
print(c)
-- for with function call bounds evaluated once
local calls = 0
local function lim() calls = calls + 1 return 3 end
for z = 1, lim() do end
print(calls)
-- changing table during ipairs
local arr = {1, 2, 3}
local seen = 0
for idx, v in ipairs(arr) do seen = seen + 1 if idx == 1 then arr[4] = 4 end end
print(seen)
-- generic for with explicit state and closing value (4th)
local closed = false
local closer = setmetatable({}, {__close = function() closed = true end})
for v in function(s, c) if c < 3 then return c + 1 end end, nil, 0, closer do io.write(v, " ") end
print(closed)
closed = false
for v in function(s, c) if c < 3 then return c + 1 end end, nil, 0, closer do if v == 2 then break end end
print(closed)
print(pcall(function() for v in function() error("iter err", 0) end, nil, nil, closer do end end), closed)
