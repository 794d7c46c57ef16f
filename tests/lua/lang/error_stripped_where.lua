-- error() adds no position when the function has no line information (stripped dump),
-- while runtime errors in the same function say "?:-1:"
local stripped = load(string.dump(function() error("in stripped") end, true))
print(pcall(stripped))
local level2 = load(string.dump(function() error("level 2 of stripped", 2) end, true))
print(pcall(function() level2() end))
print(pcall(load(string.dump(function() local x = nil; return x.y end, true))))
