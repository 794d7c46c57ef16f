-- to-be-closed variables are closed on break, goto, return, and in reverse order
local function closer(name)
  return setmetatable({}, {__close = function(_, e) print("close", name, e) end})
end
for i = 1, 3 do
  local a <close> = closer("loop" .. i)
  if i == 2 then break end
  print("body", i)
end
do
  local i = 0
  ::again::
  i = i + 1
  do
    local b <close> = closer("goto" .. i)
    if i < 3 then goto again end
  end
end
local function f()
  local x <close> = closer("x")
  local y <close> = closer("y")
  local z <close> = nil
  local w <close> = false
  return "ret"
end
print(f())
local function g(n)
  local c <close> = closer("g" .. n)
  if n > 0 then return g(n - 1) end -- not a tail call because of the tbc
  return "bottom"
end
print(g(2))
while true do
  local w <close> = closer("while")
  break
end
repeat
  local r <close> = closer("repeat")
until true
for k, v in ipairs({10, 20}) do
  local q <close> = closer("ipairs" .. v)
end
print("end")
