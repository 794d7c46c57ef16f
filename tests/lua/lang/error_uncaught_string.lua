-- an uncaught error ends the script with status 1 and "lua: msg" on stderr
-- expect error: uncaught failure
print("before")
local function fail() error("uncaught failure") end
fail()
print("never")
