-- uncaught error object with __tostring
-- expect error: custom error object
print("before")
error(setmetatable({}, {__tostring = function() return "custom error object" end}))
