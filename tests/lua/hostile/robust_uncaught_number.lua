-- An uncaught error object that is a number: printed as tostring would.
print("before")
error(12.5)
-- expect error: 12.5
