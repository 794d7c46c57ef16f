-- An argument error that nobody catches ends the script with lua5.4's message.
print("before")
string.rep()
print("never printed")
-- expect: before
-- expect error: error_uncaught_arg.lua:3: bad argument #1 to 'rep' (string expected, got no value)
