-- tricolor-only
-- Native libraries cannot be loaded in Tricolor: loadlib reports the manual's "absent" failure.
print(package.loadlib("libx.so", "luaopen_x"))
-- expect: nil	dynamic libraries not enabled; check your Lua installation	absent
print(pcall(package.loadlib))
-- expect: false	bad argument #1 to 'package.loadlib' (string expected, got no value)
