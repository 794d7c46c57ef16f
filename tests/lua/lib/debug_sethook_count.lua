-- debug.sethook with count, line, call and return events; gethook; hooks in coroutines
local counts = 0
debug.sethook(function(ev) counts = counts + 1 end, "", 100)
for i = 1, 1000 do local x = i * 2 end
debug.sethook()
print(counts > 5, counts < 200)
local lines = {}
local function target(n)
  local s = 0
  for i = 1, n do
    s = s + i
  end
  return s
end
debug.sethook(function(ev, line) lines[#lines + 1] = line end, "l")
target(2)
debug.sethook()
print(table.concat(lines, " "))
local evs = {}
debug.sethook(function(ev) local i = debug.getinfo(2, "n") evs[#evs + 1] = ev .. ":" .. tostring(i and i.name) end, "cr")
target(1)
debug.sethook()
print(table.concat(evs, " "))
local h, m, c = debug.gethook()
print(h, m, c)
local function hk() end
debug.sethook(hk, "crl", 7)
h, m, c = debug.gethook()
print(h == hk, m, c)
debug.sethook(hk, "", 0)
print(debug.gethook())
debug.sethook(hk, "c")
print(select(2, debug.gethook()))
debug.sethook()
print(debug.gethook())
local co = coroutine.create(function() local a = 1 coroutine.yield() return a end)
local cl = {}
debug.sethook(co, function(ev, line) cl[#cl + 1] = line end, "l")
coroutine.resume(co) coroutine.resume(co)
print(#cl > 0, debug.gethook() == nil, select(2, debug.gethook(co)))
print(pcall(debug.sethook, 1, 2))
print(pcall(debug.sethook, print, 5))
print(pcall(debug.gethook, 5))
local tail = {}
debug.sethook(function(ev) tail[#tail + 1] = ev end, "c")
local function leaf() return 1 end
local function tc() return leaf() end
tc()
debug.sethook()
print(table.concat(tail, " "))
