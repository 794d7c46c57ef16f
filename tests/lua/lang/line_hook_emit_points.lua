-- lua5.4 emits NEWTABLE and VARARG before reading '{' / '...', so they carry the previous
-- token's line; an if's final test is emitted once 'then' is read
local lines = {}
local function run(name, f, ...)
  lines = {}
  debug.sethook(function(_, l) lines[#lines + 1] = l end, "l")
  local ok = pcall(f, ...)
  debug.sethook()
  table.remove(lines)
  print(name, ok, table.concat(lines, " "))
end
run("ctor", function()
  local t =
  {
    1
  }
  local u = {
  }
  local f = function(x) return x end
  local v = f
  {
  }
  return t
end)
run("va", function(...)
  local a =
  ...
  local b = select('#',
  ...
  )
  local t = {
    ...
  }
  return
  ...
end, 1)
run("then", function(t)
  local s = 1
  if s > 0
    and t[1]
  then
    s = 2
  elseif
    t[2]
  then
    s = 3
  end
  for i = 1, 2 do
    if t[i]
    then break end
  end
  return s
end, {false, true})
local function body(t)
  if t
    .x
  then
    return 1
  end
  local u = {
    t
  }
  return 2
end
local al = {}
for l in pairs(debug.getinfo(body, "L").activelines) do al[#al + 1] = l end
table.sort(al)
print(table.concat(al, " "))
