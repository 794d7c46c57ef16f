-- compiler limits: locals, upvalues, registers
local function gen(n, fmt, sep) local t = {} for i = 1, n do t[i] = fmt:format(i) end return table.concat(t, sep) end
local src200 = "local " .. gen(200, "a%d", ",") .. " = 1 return a1"
print(load(src200)())
local f, e = load("local " .. gen(201, "a%d", ",") .. " = 1")
print(e)
f, e = load("local x\n" .. gen(200, "local b%d", "\n"))
print(e)
-- upvalues: 255 allowed
local up = "local " .. gen(150, "u%d", ",") .. " = 1\nlocal " .. gen(105, "v%d", ",") .. " = 2\n" ..
  "return function() return " .. gen(150, "u%d", "+") .. "+" .. gen(105, "v%d", "+") .. " end"
print(load(up)()())
local up2 = "local " .. gen(150, "u%d", ",") .. " = 1\nlocal " .. gen(106, "v%d", ",") .. " = 2\n" ..
  "return function() return " .. gen(150, "u%d", "+") .. "+" .. gen(106, "v%d", "+") .. " end"
f, e = load(up2)
print(e)
-- many arguments to a call
local args = gen(240, "%d", ",")
print(select("#", load("return select('#', " .. args .. ")")()))
print(load("return select('#', " .. args .. ")")())
-- many return values
print(select("#", load("return " .. gen(250, "%d", ","))()))
-- deep expression needing many registers
print(load("local a = 1 return " .. gen(100, "(a+%d)", "*") .. " ~= nil")())
