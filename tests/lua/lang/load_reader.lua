-- load with a reader function
local parts = {"return ", "1 ", "+ ", "41"}
local i = 0
local f = load(function() i = i + 1 return parts[i] end)
print(f())
i = 0
print(load(function() i = i + 1 if i == 1 then return "return 'x'" end return "" end)())
print(type(load(function() return nil end)))
print(load(function() return nil end)())
local function first(a, b) print(a, (tostring(b):match("^[^\n]*"))) end
first(load(function() return {} end))
first(load(function() error("reader failed") end))
local chunks = {"loc", "al x ", "= 5 ", "return x", " * 2"}
i = 0
print(load(function() i = i + 1 return chunks[i] end, "=reader")())
i = 0
print(load(function() i = i + 1 return ({"x = ", "+"})[i] end, "=bad"))
-- reader that returns one character at a time
local src = "local t = {} for i = 1, 3 do t[i] = i * i end return table.concat(t, ',')"
local pos = 0
print(load(function() pos = pos + 1 return pos <= #src and src:sub(pos, pos) or nil end)())
-- string.dump through a reader
local bin = string.dump(function(a) return a * 3 end)
pos = 0
print(load(function() pos = pos + 1 return pos <= #bin and bin:sub(pos, pos) or nil end, "b", "b")(5))
