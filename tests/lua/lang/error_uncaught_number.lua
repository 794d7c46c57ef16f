-- uncaught error with a number value
io.write("partial line ")
print("then newline")
error(42)
