-- Finalizers that resurrect their object into a global list, and a coroutine
-- left suspended and dropped: atomic must separate, resurrect and finalize.
revived = {}
for i = 1, 200 do
  setmetatable({i = i}, {__gc = function(o) revived[#revived + 1] = o end})
  local co = coroutine.create(function(x) coroutine.yield(x) end)
  coroutine.resume(co, {i})
end
collectgarbage()
collectgarbage()
print(#revived > 0)
