-- Recursion through metamethods is bounded by the C-level call limit ("C stack overflow"),
-- caught by pcall; the interpreter goes on afterwards.
local function try(name, f)
  local ok, e = pcall(f)
  print(name, ok, e)
end
local function rec(event, op)
  local mt = {}
  mt[event] = op
  return setmetatable({}, mt)
end
try("index", function() local t t = rec("__index", function(s, k) return s[k] end) return t.x end)
try("newindex", function() local t t = rec("__newindex", function(s, k, v) s[k] = v end) t.x = 1 end)
try("eq", function() local mt = {} mt.__eq = function(a, b) return a == b end
  return setmetatable({}, mt) == setmetatable({}, mt) end)
try("lt", function() local t = rec("__lt", function(a, b) return a < b end) return t < t end)
try("le", function() local t = rec("__le", function(a, b) return a <= b end) return t <= t end)
try("add", function() local t = rec("__add", function(a, b) return a + b end) return t + 1 end)
try("unm", function() local t = rec("__unm", function(a) return -a end) return -t end)
try("len", function() local t = rec("__len", function(a) return #a end) return #t end)
try("concat", function() local t = rec("__concat", function(a, b) return a .. b end) return t .. "x" end)
try("call", function() local t = rec("__call", function(s) return (s()) end) return (t()) end)
try("index loop", function() local t = setmetatable({}, {}) getmetatable(t).__index = t return t.x end)
try("newindex loop", function() local t = setmetatable({}, {}) getmetatable(t).__newindex = t t.x = 1 end)
print(select("#", pcall(string.rep, "x", 3)), "still running")
