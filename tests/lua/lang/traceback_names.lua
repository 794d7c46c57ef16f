-- hooks-free debug info: names of functions in tracebacks for many call shapes
local function tb()
  local s = debug.traceback("", 2)
  local first = s:match("\n%s*([^\n]*)")
  return first
end
local t = {}
function t.field() return tb() end
function t:method() return tb() end
t.sub = {deep = function() return tb() end}
local function loc() return tb() end
function glob() return tb() end
local up = loc
print(t.field())
print(t:method())
print(t.sub.deep())
print(loc())
print(glob())
print((function() return up() end)())
print(select(2, pcall(t.field)))
print(pcall(loc))
local mt = setmetatable({}, {__index = function(_, k) return tb() end, __add = function() return tb() end,
  __call = function() return tb() end, __concat = function() return tb() end, __eq = function() return tb() end,
  __len = function() return tb() end, __unm = function() return tb() end, __lt = function() return tb() end,
  __close = function() print(tb()) end})
print(mt.x)
print(mt + 1)
print(mt())
print(mt .. "x")
print(#mt)
print(-mt)
print(mt < mt)
do local c <close> = mt end
for v in function() return nil, tb() end do end
print(coroutine.wrap(function() return tb() end)())
print(string.gsub("a", "a", function() return tb() end))
