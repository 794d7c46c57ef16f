-- Resurrected objects (being finalized) are removed from weak VALUES before
-- their finalizers run, but from weak KEYS only after (next cycle).
local wv = setmetatable({}, {__mode = "v"})
local wk = setmetatable({}, {__mode = "k"})
do
  local obj = setmetatable({}, {
    __gc = function(o)
      print("in finalizer: in weak values?", wv[1] ~= nil)
      print("in finalizer: in weak keys?", wk[o] ~= nil)
    end,
  })
  wv[1] = obj
  wk[obj] = true
end
collectgarbage()
collectgarbage()
local n = 0
for _ in pairs(wk) do n = n + 1 end
print("weak keys two cycles later", n)
