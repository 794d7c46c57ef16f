// viz/samples.cpp — the sample scripts (see samples.h).
#include "viz/samples.h"

namespace tricolor::viz {

const char* defaultSampleScript() {
    return R"lua(-- A small heap to watch the collector work on.
local Node = {}
Node.__index = Node
local function node(value, next)
  return setmetatable({value = value, next = next}, Node)
end

list = nil                       -- a global linked list: reachable
for i = 1, 6 do list = node(i, list) end

cache = setmetatable({}, {__mode = "k"})   -- a weak-keyed table
local keep = {}
for i = 1, 4 do
  local key = {}
  cache[key] = "entry " .. i
  if i % 2 == 0 then keep[#keep + 1] = key end  -- half the keys survive
end
anchor = keep

saved = nil                      -- a finalizer that resurrects its object
setmetatable({name = "phoenix"}, {__gc = function(o)
  saved = o
  print("finalizer ran for " .. o.name)
end})

local counter = 0                -- a closure with an upvalue
function tick() counter = counter + 1; return counter end

worker = coroutine.create(function(x)  -- a coroutine with its own stack
  local acc = {}
  while true do acc[#acc + 1] = x; x = coroutine.yield(#acc) end
end)
for i = 1, 3 do coroutine.resume(worker, "job " .. i) end

list = list.next.next            -- two nodes become garbage
print("heap ready:", collectgarbage("count") > 0)
)lua";
}

} // namespace tricolor::viz
