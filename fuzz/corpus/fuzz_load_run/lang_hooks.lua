-- debug.sethook: line, call, return and count events
local lines = {}
local function f(x)
  local y = x + 1
  return y * 2
end
debug.sethook(function(ev, line) lines[#lines + 1] = ev .. ":" .. tostring(line) end, "l")
f(1)
debug.sethook()
print(table.concat(lines, " "))
local events = {}
debug.sethook(function(ev) events[#events + 1] = ev end, "cr")
f(2)
debug.sethook()
print(#events > 0, events[1])
local count = 0
debug.sethook(function() count = count + 1 end, "", 10)
for i = 1, 100 do local z = i * 2 end
debug.sethook()
print(count > 5)
print(debug.gethook())
local evs = {}
local function g(a) return a end
local function h(a) return g(a) end
debug.sethook(function(ev, line)
  local info = debug.getinfo(2, "nS")
  evs[#evs + 1] = ev .. "(" .. tostring(info and info.name) .. ")"
end, "cr")
h(1)
local s = tostring(1)
debug.sethook()
print(table.concat(evs, " "))
local lines2 = {}
debug.sethook(function(ev, line) lines2[#lines2 + 1] = line end, "l")
for i = 1, 3 do
  local x = i
end
debug.sethook()
print(table.concat(lines2, ","))
-- a count hook interrupts a one-instruction loop (as a watchdog would)
local fired = 0
debug.sethook(function() fired = fired + 1 if fired == 5 then error("watchdog", 0) end end, "", 100)
print(pcall(function() while true do end end))
debug.sethook()
print(fired)
