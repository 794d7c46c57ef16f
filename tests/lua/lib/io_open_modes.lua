-- io.open modes, errors for bad modes and missing files, io.type, closing twice
local name = os.tmpname()
for _, m in ipairs({ "r", "w", "a", "r+", "w+", "a+", "rb", "wb", "ab", "r+b", "w+b", "a+b" }) do
  local f = io.open(name, m)
  print(m, io.type(f))
  if f then f:close() end
end
for _, m in ipairs({ "", "x", "rw", "rr", "br", "r+x", "+" }) do
  print(m, pcall(io.open, name, m))
end
local f = assert(io.open(name, "w"))
print(io.type(f), io.type(io.stdout), io.type(42), io.type(nil))
print(f:write(1, " ", 2.5, " ", "s") == f)
print(pcall(f.write, f, {}))
print(f:close())
print(io.type(f), tostring(f))
print(pcall(f.close, f))
print(pcall(f.write, f, "x"))
print(pcall(io.close, f))
local g = io.open(name)
print(g:read("a"))
g:close()
local missing = name .. ".nope/file"
local r1, r2, r3 = io.open(missing)
print(r1, r2 == missing .. ": No such file or directory", r3)
print(pcall(io.open))
print(pcall(io.open, name, {}))
print(os.remove(name), os.remove(name) == nil)
