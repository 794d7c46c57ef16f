-- os.exit(true, true) closes the state: pending to-be-closed variables and finalizers run
local x <close> = setmetatable({}, { __close = function() print("closed on exit") end })
setmetatable({}, { __gc = function() print("finalized on exit") end })
print("exiting")
os.exit(true, true)
