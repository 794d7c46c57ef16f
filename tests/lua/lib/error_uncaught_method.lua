-- A bad self in a method call is reported as "calling 'x' on bad self".
local t = {rep = string.rep}
print(pcall(function() return t:rep(2) end))
print(pcall(function() return ("x"):rep({}) end))
io.stdout.write(42)
-- expect error: error_uncaught_method.lua:5: bad argument #1 to 'write' (FILE* expected, got number)
