-- line hook: returning from a call into the same line does not fire a new "line" event (lua5.4 resets oldpc)
local ev = {}
local function leaf(x) return x + 1 end
local function top(x) local y = leaf(x) return y end
debug.sethook(function(e, l) ev[#ev + 1] = e .. ":" .. tostring(l) end, "l")
top(1)
debug.sethook()
print(table.concat(ev, " "))
