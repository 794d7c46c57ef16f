-- debug.getlocal / setlocal names and values
local function f(a, b, ...)
  local x = 10
  do local inner = "in" end
  local y = 20
  local names = {}
  local idx = 1
  while true do
    local name, val = debug.getlocal(1, idx)
    if not name then break end
    names[#names + 1] = name .. "=" .. (type(val) == "table" and "table" or tostring(val))
    idx = idx + 1
  end
  print(table.concat(names, " "))
  print(debug.getlocal(1, -1), debug.getlocal(1, -2), debug.getlocal(1, -3))
  print(debug.setlocal(1, 3, 99), x)
  return x
end
f(1, 2, "va1", "va2")
print(debug.getlocal(f, 1), debug.getlocal(f, 2), debug.getlocal(f, 3))
print(pcall(debug.getlocal, 50, 1))
local function loops()
  for i = 1, 1 do
    local names = {}
    for j = 1, 10 do
      local n = debug.getlocal(1, j)
      if not n then break end
      names[#names + 1] = n
    end
    print(table.concat(names, ","))
  end
  for k, v in pairs({1}) do
    local names = {}
    for j = 1, 10 do
      local n = debug.getlocal(1, j)
      if not n then break end
      names[#names + 1] = n
    end
    print(table.concat(names, ","))
  end
end
loops()
local co = coroutine.create(function(p) local q = p * 2 coroutine.yield() end)
coroutine.resume(co, 21)
print(debug.getlocal(co, 1, 1), debug.getlocal(co, 1, 2))
local function tbc()
  local c <close> = nil
  local k <const> = 5
  local v = k
  print(debug.getlocal(1, 1), debug.getlocal(1, 2))
end
tbc()
