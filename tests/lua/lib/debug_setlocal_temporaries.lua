-- debug.getlocal names for varargs, C functions and temporaries; setlocal on varargs
local function va(...)
  print(debug.getlocal(1, -1), debug.getlocal(1, -2), debug.getlocal(1, -3))
  print(debug.setlocal(1, -2, "B"), ...)
  print(debug.setlocal(1, -5, "x"))
end
va("a", "b")
local function noargs() return debug.getlocal(1, -1) end
print(noargs())
local function params(x, y) local z = 3 return debug.getlocal(1, 1), debug.getlocal(1, 2), debug.getlocal(1, 3) end
print(params(1, 2))
print(debug.getlocal(params, 1), debug.getlocal(params, 2), debug.getlocal(params, 3))
print(debug.getlocal(va, 1), debug.getlocal(print, 1), debug.getlocal(math.max, 1))
local ok = pcall(function()
  local cnt = 0
  for i = 1, 3 do
    local n = 1
    while true do
      local name = debug.getlocal(1, n)
      if not name then break end
      if name:sub(1, 1) ~= "(" then io.write(name, " ") else io.write("(tmp) ") end
      n = n + 1
    end
    print()
    break
  end
end)
print(ok)
