-- line events that depend on how the interpreter dispatches instructions (lua5.4 behaviour):
-- 1. a tail call to a host function returns at once: the RETURN after it gets no event
-- 2. an instruction resumed after its metamethod returns (CLOSE -> __close) gets no new event
-- 3. a statement that called a Lua function gets no second event when the call returns
-- 4. the first TFORPREP -> TFORCALL -> TFORLOOP of a generic for run without events
local lines = {}
local function run(name, f, ...)
  lines = {}
  debug.sethook(function(_, l) lines[#lines + 1] = l end, "l")
  local ok = pcall(f, ...)
  debug.sethook()
  table.remove(lines)
  print(name, ok, table.concat(lines, " "))
end
run("host tail call", function()
  return select(
    "#",
    1, 2
  )
end)
run("close resumed", function()
  do
    local x <close> = setmetatable({}, {__close = function()
      local y = 1
    end})
  end
end)
run("generic for", function()
  local s = 0
  for k, v in
    ipairs({1, 2})
  do
    s = s + v
  end
end)
run("after a Lua call", function()
  local function f() return 1 end
  local a = f()
  local b = a + f()
  return b
end)
