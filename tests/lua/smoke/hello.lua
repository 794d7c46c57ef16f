-- The smallest program: prints one line.
print("hello") -- expect: hello
