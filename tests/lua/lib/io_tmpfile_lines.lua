-- io.tmpfile, io.lines with several formats, file:lines keeping the file open
local f = io.tmpfile()
print(io.type(f))
f:write("1 2 3\n", "four\n", "5.5\n")
f:seek("set")
for a, b, c in f:lines("n", "n", "n") do print(a, b, c) break end
print(f:read("l"), f:read("l"), f:read("n"), f:read("l"), f:read("l"))
f:seek("set")
local it = f:lines("L")
print(it(), it())
print(io.type(f))
f:close()
print(io.type(f), pcall(it))
local name = os.tmpname()
local g = io.open(name, "w") g:write("x\ny\n") g:close()
for a, b in io.lines(name, "l", "l") do print(a, b) end
for c in io.lines(name, 1) do io.write("[", c, "]") end print()
for c in io.lines(name, 0) do io.write("<", c, ">") break end print()
os.remove(name)
