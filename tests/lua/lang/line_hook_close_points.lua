-- where lua5.4 closes locals left by break and forward goto: at the loop's end / at the label
-- (visible in activelines); the closing order itself is unchanged
local log = {}
local function C(n) return setmetatable({}, {__close = function() log[#log + 1] = n end}) end
local function loops()
  local fs = {}
  for i = 1, 3 do
    local a = i
    fs[#fs + 1] = function() return a end
    if i == 2 then break end
  end
  local n = 0
  while true do
    n = n + 1
    local c <close> = C("while" .. n)
    if n >= 2 then break end
  end
  repeat
    local r <close> = C("repeat")
    if n > 0 then break end
  until false
  do
    for i = 1, 3 do
      local g <close> = C("goto" .. i)
      if i == 2 then goto out end
    end
    ::out::
  end
  return #fs
end
local r = loops()
print(r, table.concat(log, " "))
local al = {}
for l in pairs(debug.getinfo(loops, "L").activelines) do al[#al + 1] = l end
table.sort(al)
print(table.concat(al, " "))
