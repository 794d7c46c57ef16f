-- compiler limits: locals, upvalues, registers
local function gen(n, fmt, sep) local t = {} for i = 1, n do t[i] = fmt:format(i) end return table.concat(t, sep) end
local src200 = "local " .. gen(200, "a%d", ",") .. " = 1 return a1"
print(load(src200)())
local f, e = load("local " .. gen(201, "a%d", ",") .. " = 1")
print(e)
f, e = load("local x\n" .. gen(200, "local b%d", "\n"))
print(e)
-- upvalues: 255 allowed (the locals live in two enclosing functions: at most 200 per function)
local function upsrc(nv)
  return "local " .. gen(150, "u%d", ",") .. " = " .. gen(150, "%d", ",") .. "\n" ..
    "return function()\n  local " .. gen(nv, "v%d", ",") .. " = " .. gen(nv, "%d", ",") .. "\n" ..
    "  return function() return " .. gen(150, "u%d", "+") .. "+" .. gen(nv, "v%d", "+") .. " end\nend"
end
print(load(upsrc(105))()()())
f, e = load(upsrc(106))
print(e)
-- many arguments to a call
local args = gen(240, "%d", ",")
print(select("#", load("return select('#', " .. args .. ")")()))
print(load("return select('#', " .. args .. ")")())
-- many return values
print(select("#", load("return " .. gen(250, "%d", ","))()))
-- deep expression needing many registers
print(load("local a = 1 return " .. gen(100, "(a+%d)", "*") .. " ~= nil")())
