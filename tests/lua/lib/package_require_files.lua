-- require of real module files written to temporary paths: package.path templates, loader data
local name = os.tmpname()
local dir, base = name:match("^(.*)/([^/]*)$")
local function mask(s) return (tostring(s):gsub(dir:gsub("%p", "%%%0"), "DIR"):gsub(base:gsub("%p", "%%%0"), "BASE")) end
local path = name .. ".lua"
local f = assert(io.open(path, "w"))
f:write("local n, file = ...\nreturn { n = n, file = file, count = (COUNT or 0) + 1 }\n")
f:close()
package.path = dir .. "/?.lua"
local m, where = require(base)
print(mask(m.n), mask(m.file), m.count, mask(where))
print(require(base) == m)
package.loaded[base] = nil
COUNT = 5
print(require(base).count)
f = assert(io.open(path, "w")) f:write("return nil") f:close()
package.loaded[base] = nil
print(require(base), package.loaded[base])
f = assert(io.open(path, "w")) f:write("error('module raised')") f:close()
package.loaded[base] = nil
print(mask(select(2, pcall(require, base))))
f = assert(io.open(path, "w")) f:write("return +") f:close()
print(mask(select(2, pcall(require, base))))
os.remove(path)
os.remove(name)
print(mask(select(2, pcall(require, base))))
