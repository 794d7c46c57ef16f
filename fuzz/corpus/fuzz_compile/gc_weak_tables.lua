-- Weak values, weak keys (ephemerons) and all-weak tables.
local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

-- weak values: dead values go, strings, numbers and booleans stay
local wv = setmetatable({}, {__mode = "v"})
local live = {}
wv[1] = {}
wv[2] = live
wv.s = "a string is a value"
wv.n = 12.5
wv.b = true
wv.f = function() end
collectgarbage()
print("weak values", count(wv), wv[1], wv[2] == live, wv.s, wv.n, wv.b, wv.f)

-- weak keys: a string key is never removed
local wk = setmetatable({}, {__mode = "k"})
local key = {}
wk[key] = "kept"
wk[{}] = "dropped"
wk["string key"] = {}
collectgarbage()
print("weak keys", count(wk), wk[key], type(wk["string key"]))

-- ephemeron chains converge: e[a] = b, e[b] = c, e[c] = d
local e = setmetatable({}, {__mode = "k"})
local a, b, c, d = {}, {}, {}, {name = "d"}
e[c] = d
e[b] = c
e[a] = b
b, c, d = nil, nil, nil
collectgarbage()
print("chain", count(e), e[e[e[a]]].name)
a = nil
collectgarbage()
print("chain after dropping the head", count(e))

-- a value that refers to its own key does not keep the entry alive
local self = setmetatable({}, {__mode = "k"})
do
  local k = {}
  self[k] = {k}
end
collectgarbage()
print("self reference", count(self))

-- all weak
local kv = setmetatable({}, {__mode = "kv"})
kv[{}] = 1
kv[2] = {}
kv.x = live
kv[live] = "v"
collectgarbage()
print("all weak", count(kv), kv.x == live, kv[live])

-- many entries, cleared in one go
local big = setmetatable({}, {__mode = "v"})
local keepers = {}
for i = 1, 10000 do
  local v = {i}
  big[i] = v
  if i % 100 == 0 then keepers[#keepers + 1] = v end
end
collectgarbage()
local n = 0
for i = 1, 10000 do if big[i] then n = n + 1 end end
print("big weak table", n, #keepers)

-- changing __mode to strong: entries are kept again
local switch = setmetatable({}, {__mode = "v"})
local held = {}
switch[1] = held
getmetatable(switch).__mode = nil
held = nil
collectgarbage()
print("mode removed", switch[1] ~= nil)
