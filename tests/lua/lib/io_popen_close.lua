-- io.popen, to-be-closed handles, lines as a to-be-closed iterator, __gc of handles
local p = io.popen("echo hello; echo world")
print(io.type(p), p:read("l"), p:read("a"))
print(p:close())
local p2 = io.popen("exit 3")
print(p2:close())
local w = io.popen("cat > /dev/null", "w")
print(w:write("data") == w, w:close())
print(pcall(io.popen, "true", "rw"))
print(pcall(io.popen))
local name = os.tmpname()
local f = io.open(name, "w")
f:write("a\nb\nc\n")
f:close()
-- breaking out of io.lines closes the file through its to-be-closed value
local handle
for l, extra in io.lines(name) do
  print(l, extra)
  break
end
do
  local h <close> = io.open(name)
  handle = h
  print(io.type(h), h:read("l"))
end
print(io.type(handle))
-- a handle that is only dropped is closed by the collector
do
  local dropped = io.open(name)
  dropped = nil
  collectgarbage()
  collectgarbage()
end
print(os.remove(name))
print(select('#', os.remove(name)))
