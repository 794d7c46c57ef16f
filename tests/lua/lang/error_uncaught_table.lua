-- uncaught error with a table value
-- expect error: (error object is a table value)
print("before")
error({code = 1})
