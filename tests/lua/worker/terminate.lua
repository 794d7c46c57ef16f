-- tricolor-only
-- A worker in an endless loop does not block the main script, and
-- terminate() stops it at its next slice.
local w = worker.spawn("while true do end")
local counter = worker.spawn("local n = 0; while true do n = n + 1 end")
local sum = 0
for i = 1, 1000 do sum = sum + i end
print(sum, w:status(), counter:status())
-- expect: 500500	running	running
w:terminate()
counter:terminate()
print(w:status(), counter:status())
-- expect: terminated	terminated
print(pcall(w.receive, w))
-- expect: false	worker 1 was terminated
print(pcall(worker.receive))
-- expect: false	no worker is running
