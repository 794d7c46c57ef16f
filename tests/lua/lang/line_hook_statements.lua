-- line hook events for many statement shapes (codegen line attribution)
local lines = {}
local function hook(_, l) lines[#lines + 1] = l end
local function run(name, f, ...)
  lines = {}
  debug.sethook(hook, "l")
  local ok = pcall(f, ...)
  debug.sethook()
  table.remove(lines) -- the sethook call line
  print(name, ok, table.concat(lines, " "))
end
run("call args", function()
  local t = {}
  local x = math.max(
    1,
    2
  )
  return x
end)
run("method", function()
  local s = "abc"
  local r = s
    :upper()
    :lower()
  return r
end)
run("table ctor", function()
  local t = {
    a = 1,
    b = {
      c = 2,
    },
    3,
  }
  return t
end)
run("if elseif", function(x)
  if x == 1
  then
    return 1
  elseif x ==
    2
  then
    return 2
  else
    return 3
  end
end, 5)
run("if break", function()
  for i = 1, 3 do
    if i ==
      2
    then break end
  end
end)
run("and or", function()
  local a, b = 1, nil
  local c = a and
    b or
    "d"
  return c
end)
run("closure", function()
  local f = function(
    a)
    return a
  end
  return f(1)
end)
run("nested function", function()
  local function inner()
    return 1
  end
  return inner()
end)
run("goto", function()
  local i = 0
  ::top::
  i = i + 1
  if i < 2 then
    goto top
  end
end)
run("multiple assign", function()
  local a, b, c =
    1,
    2
  a, b =
    b, a
end)
run("concat", function()
  local s = "a" ..
    "b" ..
    "c"
  return s
end)
run("while", function()
  local n = 0
  while
    n < 2
  do
    n = n + 1
  end
end)
run("repeat", function()
  local n = 0
  repeat
    local m = n
    n = n + 1
  until
    m >= 1
end)
run("error", function()
  local t = nil
  return t.
    x
end)
run("numeric for step", function()
  for i = 3,
    1,
    -1
  do
    local z = i
  end
end)
run("long expression", function()
  local x = 1 +
    2 *
    3 -
    4
  return x
end)
