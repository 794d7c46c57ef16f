-- string.dump round trips and debug hooks
local function add(a, b) return a + b end
local d = string.dump(add)
print(type(d), #d > 0, load(d)(2, 3))
local s = string.dump(add, true)
print(load(s)(4, 5), #s <= #d)
print(pcall(string.dump, print))
print(pcall(string.dump))
print(pcall(string.dump, 1))
local up = 10
local function withup() return up end
local f = load(string.dump(withup))
print(type(select(2, pcall(f))))
local lines = {}
debug.sethook(function(ev, line) lines[#lines + 1] = ev .. ":" .. tostring(line) end, "l")
local x = 1
x = x + 1
debug.sethook()
print(table.concat(lines, " "))
local calls = 0
debug.sethook(function(ev) calls = calls + 1 end, "c")
local function g() end
g() g()
debug.sethook()
print(calls > 0)
print(debug.gethook())
local h = function() end
debug.sethook(h, "crl", 5)
local hf, hm, hc = debug.gethook()
debug.sethook()
print(hf == h, hm, hc)
local co = coroutine.create(function() end)
debug.sethook(co, h, "r")
print(select(2, debug.gethook(co)), debug.gethook())
