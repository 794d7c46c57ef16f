-- an uncaught error ends the script with status 1 and "lua: msg" on stderr
-- expect error: error_uncaught_string.lua:3: uncaught failure
print("before")
local function fail() error("uncaught failure") end
fail()
print("never")
