-- the main chunk runs under a host (C) level, as lua.c's: tracebacks end with
-- "[C]: in ?", getinfo counts it as a level, coroutines have no such level
print(debug.traceback("main"))
local function f() return debug.traceback("in f", 1) end
print(f())
print(debug.traceback("level 2", 2))
print(debug.traceback("level 3", 3))
print(select(2, xpcall(function() error("boom") end, debug.traceback)))
local function levels()
  local out = {}
  for l = 1, 10 do
    local i = debug.getinfo(l, "Sn")
    if not i then break end
    out[#out + 1] = i.what .. ":" .. tostring(i.name)
  end
  return table.concat(out, " ")
end
print(levels())
print(pcall(levels))
print(select(2, pcall(pcall, levels)))
local co = coroutine.create(function() coroutine.yield(levels()) end)
print(coroutine.resume(co))
print(debug.traceback(co))
print(coroutine.wrap(function() return debug.traceback("in co") end)())
local main = debug.getinfo(2, "S")
print(main.what, main.source, main.linedefined, main.lastlinedefined)
print(debug.getinfo(2, "l").currentline, debug.getinfo(2, "t").istailcall)
print(pcall(debug.getlocal, 4, 1))
print(debug.getinfo(1, "n").name)
