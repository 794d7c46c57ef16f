-- a multi-part warning is one "Lua warning: " line on stderr (only stderr's first line is compared)
warn("@on")
warn("first ", "second ", 3 .. "")
print("stdout continues")
