-- An uncaught error object with __tostring: its string is the message (no traceback).
print("before")
error(setmetatable({}, {__tostring = function() return "custom error object" end}))
-- expect error: custom error object
