-- yield across pcall, metamethods, iterators
local co = coroutine.create(function()
  local ok, v = pcall(function()
    local x = coroutine.yield("from pcall")
    return x * 2
  end)
  print("pcall result", ok, v)
  local ok2, e = pcall(function()
    coroutine.yield("before error")
    error("after yield", 0)
  end)
  print("pcall error", ok2, e)
  local mt = {__index = function(t, k) return coroutine.yield("index " .. k) end,
              __add = function(a, b) return coroutine.yield("add") end,
              __lt = function(a, b) return coroutine.yield("lt") end,
              __concat = function(a, b) return coroutine.yield("concat") end,
              __eq = function(a, b) return coroutine.yield("eq") end,
              __len = function() return coroutine.yield("len") end,
              __call = function(self, a) return coroutine.yield("call " .. a) end,
              __newindex = function(t, k, v) coroutine.yield("newindex " .. k) end}
  local o = setmetatable({}, mt)
  local o2 = setmetatable({}, mt)
  print("index ->", o.key)
  print("add ->", o + 1)
  print("lt ->", o < o2)
  print("concat ->", o .. "s")
  print("eq ->", o == o2)
  print("len ->", #o)
  print("call ->", o("arg"))
  o.field = 1
  print("newindex done")
  for i, v in function(_, i) i = i + 1 if i <= 2 then return i, coroutine.yield("iter " .. i) end end, nil, 0 do
    print("iter", i, v)
  end
  print(xpcall(function() return coroutine.yield("xpcall") end, print))
  return "done"
end)
local v = nil
while true do
  local ok, r = coroutine.resume(co, v)
  print("yielded", ok, r)
  if coroutine.status(co) == "dead" then break end
  v = (r == "from pcall" and 21) or (r == "lt" and true) or (r == "eq" and 1) or (r == "len" and 7) or r .. "!"
end
