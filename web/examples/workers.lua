--[[
Title: Workers and the inbox
Summary: Messages, not shared state: each worker runs its own VM in a Web Worker, and the main VM takes their messages in at safe points.

The lesson comes from a GUI app built on another Lua VM that crashed when a C thread called back into the Lua state while the state was busy. The cure is an event queue. In Tricolor, `worker.spawn(source, ...)` starts a real Web Worker running a VM of its own, from the same WebAssembly module. It never touches the main VM: it talks to it only with postMessage. The page only appends what arrives to the main VM's mailbox; the VM moves messages into its inbox at safe points between instructions, and never inside the collector's atomic phase, so a message can never observe a half-finished collection.

Messages carry data, not references: a table is encoded into bytes and decoded into a fresh copy in the receiver's heap. Functions, coroutines and tables that contain themselves cannot be sent: the sender gets the error.

The inbox is bounded: at most 10000 messages (or 64 MB) may wait for one receiver. A send beyond that fails at once in the sender with "inbox full"; nothing is dropped silently.

Steps worth taking:
1. Run it. Lines starting with `[worker N]` are the workers' own prints, forwarded by the page.
2. Step a line at a time (F10) through `receive()`: with an empty inbox the status bar says "waiting for a message", and the page keeps drawing while the workers compute.
3. Look for the "inbox" root in the heap graph: delivered messages hang off it until the script receives them, so the collector can never free them.
4. Change `upTo` to a bigger number and press Stop while the workers run: they end with the program.
]]

-- A copy, not a reference: the worker gets the table as it was when it was sent.
local echo = worker.spawn([[ local t = worker.receive(); worker.send("the worker saw: " .. t.note) ]])
local note = { note = "original" }
echo:send(note)
note.note = "changed after sending"
print(echo:receive())

-- Only data crosses: the sender gets the error, nothing is sent.
print(select(2, pcall(function() echo:send({ callback = print }) end)))

-- Two workers compute in parallel and report as they go.
local source = [[
  local name, from, upTo = ...
  local sum = 0
  for i = from, upTo do
    sum = sum + i * i
    if i % 250 == 0 then worker.send({ from = name, upTo = i, sum = sum }) end
  end
  print(name .. " is done")
]]
worker.spawn(source, "worker A", 1, 1000)
worker.spawn(source, "worker B", 1001, 1500)

-- worker.receive() takes the oldest message from any worker, and raises
-- "no worker is running" once every worker has ended and all was received.
while true do
  local ok, m = pcall(worker.receive)
  if not ok then break end
  print(string.format("%s: sum of squares up to %d = %d", m.from, m.upTo, m.sum))
end
print("all workers finished")
