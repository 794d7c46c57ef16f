-- calling a non-callable value from pcall/xpcall/coroutines: the message has no position
-- (the call is made by a host function, not by a Lua instruction)
print(pcall(nil))
print(pcall(42))
print(pcall({}))
print(xpcall(nil, function(m) return "handled: " .. m end))
print(coroutine.resume(coroutine.create(function() local f = coroutine.wrap(setmetatable({}, {__call = 1})) end)))
