--[[
Title: Coroutines, open upvalues and thread finalization
Summary: A closure reads a variable on a suspended coroutine's stack; the coroutine dies; the closure must not notice.

A closure that captures a local of a running function shares it through an open upvalue, which points into that function's stack. If the function belongs to a coroutine that is suspended, the variable lives on the coroutine's stack. When the coroutine dies, its open upvalues must be closed (the value copied into the upvalue) before its stack is freed.

This is the scenario of Tricolor's founding bug report, found in another Lua VM: it decided which objects were dead, then let user code (a finalizer) run before sweeping. The user code made a coroutine unreachable in that window, and the coroutine was swept without being finalized. Here, deciding, resurrecting and flipping the white happen in one atomic step with no Lua code inside it; finalizers run only afterwards.

Steps worth taking:
1. Run it: the guard's finalizer resumes the coroutine and lets go of it; one cycle later the coroutine is gone, and the reader still sees the right value.
2. Press Step line (F10) until `gc.stepto("atomic")` is highlighted, then press Phase (in the visualizer's Collector section) until the collector reaches atomic. Each further press runs one of atomic's sub-steps, and the program is locked out (the status bar says "paused inside the atomic phase"; Step line does nothing) until the last one, `flipwhite`, is done. Then press Continue.
]]
collectgarbage("stop")

local co = coroutine.create(function()
  local secret = { "read through an open upvalue" }
  coroutine.yield(function() return secret[1] end)  -- the closure captures `secret`
  secret = { "changed by the coroutine later" }
  coroutine.yield()
end)
local _, reader = coroutine.resume(co)
print("reader: " .. reader())

-- Watch the coroutine through a weak key (weak keys of finalizable objects survive resurrection).
local watch = setmetatable({}, { __mode = "k" })
watch[co] = true
local function watched() return next(watch) end
local function colour()  -- the coroutine's colour, or "gone" once it is freed
  local co = watched()
  return co and gc.color(co) or "gone"
end

-- The guard is the coroutine's only strong owner, and it has a finalizer.
local guard = setmetatable({ co = co }, { __gc = function(g)
  print("guard's finalizer runs (state " .. gc.state() .. "):")
  print("  it resumes the coroutine and lets go of it")
  coroutine.resume(g.co)
  g.co = nil
end })
co, guard = nil, nil

print("state " .. gc.state() .. ", coroutine " .. colour())
gc.stepto("atomic")  -- atomic runs as one step: decide, resurrect the guard, flip the white
print("after atomic: state " .. gc.state() .. ", coroutine " .. colour())
if watched() then print("  (kept alive for the guard's finalizer)") end
gc.stepto("pause")
print("cycle 1 over: coroutine " .. colour())
print("  reader: " .. reader())
gc.step("cycle")
print("cycle 2 over: coroutine " .. colour())
print("  reader: " .. reader())
print("validator: " .. tostring(gc.validate()))
