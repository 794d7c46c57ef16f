-- line events in loops (a jump back fires even on the same line), after calls
-- return (recursion, host callbacks), and around generic for loops
local lines = {}
local function run(name, f, ...)
  lines = {}
  debug.sethook(function(_, l) lines[#lines + 1] = l end, "l")
  local ok = pcall(f, ...)
  debug.sethook()
  table.remove(lines)
  print(name, ok, table.concat(lines, " "))
end
run("one-line loops", function()
  local s = 0
  for i = 1, 3 do s = s + i end
  for _, v in ipairs({4, 5}) do s = s + v end
  while s > 10 do s = s - 2 end
  repeat s = s + 1 until s > 12
  ::again:: s = s - 1 if s > 10 then goto again end
  return s
end)
run("multi-line for", function()
  local s = 0
  for i = 1,
    2
  do
    s = s + i
  end
  for k, v in
    pairs({7})
  do
    s = s + v
  end
  return s
end)
local function rec(n) if n > 0 then rec(n - 1) end local x = n return x end
run("recursion one line", rec, 3)
local function rec2(n)
  if n > 0 then
    rec2(n - 1)
  end
  return n
end
run("recursion", rec2, 2)
local function iter(_, i)
  if i < 2 then
    return i + 1
  end
end
run("lua iterator", function()
  local s = 0
  for i in iter, nil, 0 do s = s + i end
  for i in iter, nil, 0 do
    s = s + i
  end
  return s
end)
run("host callback", function()
  local t = {3, 1}
  local r = string.gsub("ab", "%w", function(c)
    return c:upper()
  end) local u = 1
  return r, u
end)
run("pcall back", function()
  local ok = pcall(error, "e") local v = 2
  local ok2 = pcall(function() error("f") end)
  return ok, ok2, v
end)
