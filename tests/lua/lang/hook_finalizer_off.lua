-- finalizers (__gc) run with the hooks off, as in lua5.4: no call, return,
-- line or count events come from them, and hooks are back once they return
-- (the hooks allocate nothing: the object dies only at collectgarbage())
local n, ev, lines = 0, {}, {}
for i = 1, 64 do ev[i] = false lines[i] = false end
local function hook(e, l) n = n + 1 ev[n] = e lines[n] = l or false end
local mt = {__gc = function()
  n = n + 1 ev[n] = "gc"
  local x = 1
end}
local function show()
  local out = {}
  for i = 1, n do out[i] = ev[i] .. (lines[i] and (":" .. lines[i]) or "") end
  n = 0
  print(table.concat(out, " "))
end
local obj = setmetatable({}, mt)
debug.sethook(hook, "crl")
obj = nil collectgarbage()
local after = 1
debug.sethook()
show()
obj = setmetatable({}, mt)
debug.sethook(hook, "", 1)
obj = nil collectgarbage()
debug.sethook()
show()
