-- Positions read from frames after the interpreter's fast paths: errors raised
-- by table writes, loop preparation and metamethods, tracebacks through calls,
-- table.sort comparators and coroutines, and currentline after calls.
local function msg(f, ...)
  local ok, e = pcall(f, ...)
  return ok and "ok" or tostring(e)
end

local function line() return debug.getinfo(2, "l").currentline end

-- Table writes that raise ("index is nil" / "index is NaN") after other work.
local t = {}
print(msg(function()
  local a = 1
  a = a + 1
  t[a] = a
  local k
  t[k] = 1
end))
print(msg(function()
  local x = 0
  for i = 1, 3 do x = x + i end
  t[x / 0 * 0] = 1
end))

-- Loop preparation and arithmetic errors.
print(msg(function()
  local s = "a"
  for i = 1, s do end
end))
print(msg(function()
  for i = 1, 10, 0 do end
end))
print(msg(function()
  local z = {}
  return 1 + z
end))

-- currentline after calls and returns in the same function.
local lines = {}
local function id(...) return ... end
lines[#lines + 1] = line()
id(1, 2)
lines[#lines + 1] = line()
local v = id(id(3))
lines[#lines + 1] = line() + v
print(table.concat(lines, " "))

-- A traceback through Lua calls, a metamethod and a host function.
local function traceLines(tb)
  local out = {}
  for n in tb:gmatch(":(%d+):") do out[#out + 1] = n end
  return table.concat(out, ",")
end
local mt = {__index = function(_, k)
  return traceLines(debug.traceback("x", 1))
end}
local obj = setmetatable({}, mt)
local function deeper()
  local r = obj.missing
  return r
end
print(deeper())
print(select(2, xpcall(function()
  local q = {}
  return q.a.b
end, function(e) return e .. " | " .. traceLines(debug.traceback("", 2)) end)))

-- Errors and tracebacks from table.sort's comparator.
local arr = {5, 3, 9, 1, 7, 2, 8}
print(msg(function()
  table.sort(arr, function(a, b)
    if a == 1 and b == 9 then error("cmp " .. line()) end
    return a < b
  end)
end))
local seen = {}
table.sort(arr, function(a, b)
  seen[#seen + 1] = line()
  return a > b
end)
print(table.concat(arr, " "), seen[1], #seen > 0)

-- Comparisons through metamethods, then an error on the next line.
local C = {}
C.__lt = function(a, b) return a.v < b.v end
C.__eq = function(a, b) return a.v == b.v end
local c1, c2 = setmetatable({v = 1}, C), setmetatable({v = 2}, C)
print(msg(function()
  local r = c1 < c2 and c1 ~= c2
  local n = nil
  return r and n.field
end))

-- Coroutines: positions in a resumed frame.
local co = coroutine.wrap(function()
  local l1 = line()
  coroutine.yield(l1)
  local l2 = line()
  coroutine.yield(l2)
  error("in coroutine")
end)
print(co(), co(), msg(co))

-- Concatenation with __concat, then an error.
local S = setmetatable({}, {__concat = function(a, b) return "S" end})
print(msg(function()
  local s = "x" .. S .. "y"
  return s .. {}
end))
