-- each loop iteration gets a fresh local
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
for k, v in ipairs({"a", "b", "c"}) do gs[k] = function() return k .. v end end
print(gs[1](), gs[2](), gs[3]())
local hs = {}
local j = 0
while j < 3 do
  j = j + 1
  local copy = j
  hs[j] = function() copy = copy + 10 return copy end
end
print(hs[1](), hs[1](), hs[2](), hs[3]())
local rs = {}
local n = 0
repeat
  n = n + 1
  local m = n
  rs[n] = function() return m end
until m >= 3 -- until sees the body's locals
print(rs[1](), rs[2](), rs[3]())
-- loop variable modified inside closure does not affect loop
local ks = {}
for i = 1, 3 do
  ks[i] = function() i = i + 100 return i end
end
print(ks[1](), ks[1](), ks[2]())
-- break out of a loop with captured locals
local last
for i = 1, 10 do
  local x = i * 2
  last = function() return x end
  if i == 4 then break end
end
print(last())
