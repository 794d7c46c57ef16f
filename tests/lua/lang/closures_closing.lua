-- closing upvalues at the right time: loops with break/goto, nested blocks, tbc + upvalues
local fs = {}
for i = 1, 3 do
  local a = i
  fs[#fs + 1] = function() return a end
  if i == 2 then break end
end
print(#fs, fs[1](), fs[2]())
local gs = {}
local n = 0
while true do
  n = n + 1
  local v = n * 10
  gs[n] = function() v = v + 1 return v end
  if n >= 3 then break end
end
print(gs[1](), gs[1](), gs[2](), gs[3]())
local hs = {}
do
  local k = 0
  ::top::
  do
    local w = k
    hs[#hs + 1] = function() return w end
  end
  k = k + 1
  if k < 3 then goto top end
end
print(hs[1](), hs[2](), hs[3]())
local cs = {}
for i = 1, 3 do
  local x = i
  local function get() return x end
  local function set(v) x = v end
  cs[i] = {get, set}
end
cs[1][2](100)
print(cs[1][1](), cs[2][1](), cs[3][1]())
local rs = {}
local r = 0
repeat
  local z = r
  rs[#rs + 1] = function() return z end
  r = r + 1
  if r == 2 then goto cont end
  ::cont::
until r >= 4
print(rs[1](), rs[2](), rs[3](), rs[4]())
local function mk()
  local t = {}
  for i = 1, 2 do
    local c <close> = setmetatable({}, {__close = function() t[#t + 1] = "closed" .. i end})
    local captured = i
    t[#t + 1] = function() return captured end
  end
  return t
end
local m = mk()
print(#m, m[1](), m[2], m[3](), m[4])
local es = {}
for _, v in ipairs({"a", "b"}) do
  local ok = pcall(function() es[#es + 1] = function() return v end error("x") end)
end
print(es[1](), es[2]())
