-- uncaught error with a number value
-- expect error: 42
io.write("partial line ")
print("then newline")
error(42)
