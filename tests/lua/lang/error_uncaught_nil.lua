-- uncaught error(nil)
-- expect error: (error object is a nil value)
print("before")
error(nil)
