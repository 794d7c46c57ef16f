-- os.exit(true) ends the script with status 0 after flushing what was printed.
io.write("buffered ")
print("output")
os.exit(true)
print("never printed")
