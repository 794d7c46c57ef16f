-- setmetatable registers __gc finalizers; collectgarbage runs them
local log = {}
do
  local t = setmetatable({}, {__gc = function(o) log[#log + 1] = "finalized " .. o.name end})
  t.name = "t1"
end
collectgarbage()
collectgarbage()
print(table.concat(log, ","))
-- a __gc field added after setmetatable does not register the object
local mt = {}
do
  local u = setmetatable({name = "late"}, mt)
  mt.__gc = function(o) log[#log + 1] = "late " .. o.name end
end
collectgarbage()
collectgarbage()
print(#log)
print(string.len(123), string.rep(5, 2), ("5"):rep(2), string.upper(1.5))
