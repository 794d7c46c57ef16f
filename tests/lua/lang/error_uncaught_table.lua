-- uncaught error with a table value
print("before")
error({code = 1})
