-- collectgarbage's options and results (incremental mode).
collectgarbage("incremental")
print(collectgarbage("collect"))
print(math.type(collectgarbage("count")), collectgarbage("count") > 0)
print(collectgarbage("isrunning"))
print(collectgarbage("stop"), collectgarbage("isrunning"))
local before = collectgarbage("count")
local junk = {}
for i = 1, 1000 do junk[i] = {} end
junk = nil
print("grows while stopped", collectgarbage("count") > before)
print(collectgarbage("restart"), collectgarbage("isrunning"))
print(collectgarbage("setpause", 150), collectgarbage("setpause", 200))
print(collectgarbage("setstepmul", 200), collectgarbage("setstepmul", 100))
print(collectgarbage("incremental", 200, 100, 13))
collectgarbage()
-- a step on a small heap finishes the cycle
local done = false
for i = 1, 100 do
  if collectgarbage("step") then done = true break end
end
print("step finished a cycle", done)
print(collectgarbage("step", 100000))
print(pcall(collectgarbage, "bogus"))
print(select("#", collectgarbage("count")))
