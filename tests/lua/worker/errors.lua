-- tricolor-only
-- Sending what cannot cross fails in the sender; a worker's failure reaches
-- the main script with the worker's id; the main script keeps running.
local w = worker.spawn("local x = worker.receive(); error('bad input: ' .. tostring(x))")
print(pcall(function() w:send({ f = print }) end))
-- expect: false	errors.lua:5: bad argument #1 to 'send' (cannot send a function (at key 'f'))
local cycle = {}
cycle[1] = cycle
print(pcall(function() w:send({ inner = cycle }) end))
-- expect: false	errors.lua:9: bad argument #1 to 'send' (cannot send a table that contains itself (a cycle) (at index 1))
w:send(42)
print(pcall(w.receive, w))
-- expect: false	worker 1 failed: worker 1:1: bad input: 42
print(w:status())
-- expect: failed	worker 1:1: bad input: 42
print(pcall(w.send, w, 1))
-- expect: false	cannot send: worker 1 failed: worker 1:1: bad input: 42
print(pcall(worker.spawn, "x = = 1"))
-- expect: false	worker 2:1: unexpected symbol near '='
print(pcall(worker.send, 1))
-- expect: false	the main script sends to a worker with w:send(v) (worker.send is for workers)
local v = worker.spawn("worker.spawn('')")
print(pcall(v.receive, v))
-- expect: false	worker 2 failed: worker 2:1: workers cannot spawn workers (only the main script can)
local f = worker.spawn("worker.send({ ok = true, f = function() end })")
print(pcall(f.receive, f))
-- expect: false	worker 3 failed: worker 3:1: bad argument #1 to 'send' (cannot send a function (at key 'f'))
local e = worker.spawn("worker.send('bye'); os.exit(0)")
print(e:receive(), pcall(e.receive, e))
-- expect: bye	false	worker 4 finished
local x = worker.spawn("os.exit(3)")
print(pcall(x.receive, x))
-- expect: false	worker 5 failed: os.exit(3)
print("still running")
-- expect: still running
local u = worker.spawn("error('last words')")
u:receive()
-- expect error: worker 6 failed: worker 6:1: last words
