-- tricolor-only
-- worker.receive() takes the oldest message of any worker, with its sender;
-- receive() inside a coroutine waits too.
for i = 1, 3 do
  worker.spawn("worker.send(worker.id() * 100)")
end
local seen = {}
for _ = 1, 3 do
  local value, from = worker.receive()
  seen[from:id()] = value
end
print(seen[1], seen[2], seen[3])
-- expect: 100	200	300
print(pcall(worker.receive))
-- expect: false	no worker is running
local echo = worker.spawn("while true do worker.send(worker.receive()) end")
local co = coroutine.wrap(function(x)
  echo:send(x)
  coroutine.yield(echo:receive())
  return "done"
end)
print(co("ping"), co())
-- expect: ping	done
echo:terminate()
