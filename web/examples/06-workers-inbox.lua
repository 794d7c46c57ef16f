--[[
Title: Workers and the inbox
Summary: Messages, not shared state: other threads only append to the VM's inbox, and the VM drains it at safe points.

Note: web workers are not available in this build yet. This example models the protocol in plain Lua with coroutines, so you can see its rules at work today; it will switch to real workers when they land.

The lesson comes from a GUI app built on another Lua VM that crashed when a C thread called back into the Lua state while the state was busy. The cure is an event queue. In Tricolor, a worker runs its own VM and never touches the main VM: it talks to it only with messages (postMessage in the browser). The page only appends to the main VM's inbox. The VM takes messages out of the inbox at safe points between instructions, and never inside the collector's atomic phase, so a message can never observe a half-finished collection.

Messages carry data, not references: a table is copied into the receiver's heap, and functions or coroutines cannot be sent at all.

Steps worth taking:
1. Run it and follow who sends what: the two model workers post results, and the main loop drains the inbox only at its own safe point.
2. Note that a message is a copy: changing the original after sending does not change what the receiver gets.
3. With real workers, the status bar shows "waiting for a message" while `receive()` has an empty inbox.
]]

-- A copy of plain data, as the wire format makes one (no functions, no cycles).
local function copy(value, seen)
  if type(value) ~= "table" then
    assert(type(value) ~= "function" and type(value) ~= "thread", "cannot send a " .. type(value))
    return value
  end
  seen = seen or {}
  assert(not seen[value], "cannot send a table that contains itself")
  seen[value] = true
  local result = {}
  for k, v in pairs(value) do result[copy(k, seen)] = copy(v, seen) end
  seen[value] = nil
  return result
end

local inbox = {}  -- only ever appended to by senders; drained by the main loop
local function post(message) inbox[#inbox + 1] = copy(message) end

-- Two model workers: each computes in steps and posts its results.
local function worker(name, from, to)
  return coroutine.create(function()
    local sum = 0
    for i = from, to do
      sum = sum + i * i
      if i % 250 == 0 then
        local message = { from = name, upTo = i, sum = sum }
        post(message)
        message.sum = -1  -- too late: the inbox holds a copy
        coroutine.yield()
      end
    end
    post({ from = name, done = true })
  end)
end

local workers = { worker("worker A", 1, 1000), worker("worker B", 1001, 1500) }
local finished = 0
while finished < #workers do
  -- The workers run "elsewhere" (here: a slice each)...
  for _, w in ipairs(workers) do
    if coroutine.status(w) == "suspended" then coroutine.resume(w) end
  end
  -- ... and the main VM drains its inbox at a safe point of its own choosing.
  local messages = inbox
  inbox = {}
  for _, m in ipairs(messages) do
    if m.done then
      finished = finished + 1
      print(m.from .. " is done")
    else
      print(string.format("%s: sum of squares up to %d = %d", m.from, m.upTo, m.sum))
    end
  end
end
print("all workers finished")
