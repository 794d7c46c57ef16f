-- tricolor-only
-- Workers: spawn with arguments, messages both ways, ids, output, status.
local w = worker.spawn([[
  local greeting = ...
  local first = worker.receive()
  print(greeting .. " from worker " .. worker.id() .. ", got " .. first.n)
  local msg = first
  while msg ~= "stop" do
    worker.send({ n = msg.n * 2, tag = msg.tag })
    msg = worker.receive()
  end
]], "hello")
print(w, w:id(), worker.id(), type(w), w:status())
-- expect: worker 1	1	0	userdata	running
for i = 1, 3 do w:send({ n = i, tag = "t" .. i }) end
for i = 1, 3 do
  local r = w:receive()
  print(r.n, r.tag)
end
-- expect: hello from worker 1, got 1
-- expect: 2	t1
-- expect: 4	t2
-- expect: 6	t3
w:send("stop")
print(pcall(w.receive, w))
-- expect: false	worker 1 finished
print(w:status())
-- expect: finished
