-- An uncaught error object whose __tostring returns no string: lua.c describes
-- it by its type (and adds a traceback).
print("before")
error(setmetatable({}, {__tostring = function() return {} end}))
-- expect error: (error object is a table value)
