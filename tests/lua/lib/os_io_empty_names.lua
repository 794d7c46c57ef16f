-- luaL_fileresult messages: a given file name is a prefix even when empty; rename has none
print(os.remove(""))
print(io.open(""))
print(io.open("", "w"))
print(os.rename("", ""))
local missing = "tc_surely_missing_dir/file"
print(os.remove(missing))
print(os.rename(missing, missing .. "2"))
print(io.open(missing))
print(pcall(io.lines, missing))
print(pcall(io.lines, ""))
