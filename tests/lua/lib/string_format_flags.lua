-- string.format: flags, width and precision for the integer and float specifiers
local fmts = { "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%8.3d", "%-+6d|", "%x", "%#x", "%X", "%#X",
  "%o", "%#o", "%08.3x", "%i", "%5i", "%u" }
for _, f in ipairs(fmts) do
  print(f, string.format(f, 42), string.format(f, -42), string.format(f, 0))
end
print(string.format("%d %d", math.maxinteger, math.mininteger))
print(string.format("%x %X", -1, math.mininteger))
print(string.format("%d", 3.0), string.format("%x", 2^53))
print(pcall(string.format, "%d", 3.5))
print(pcall(string.format, "%d", "3.5"))
print(string.format("%d", "10"), string.format("%d", " 0x10 "))
local ffmts = { "%f", "%.0f", "%.3f", "%10.2f", "%-10.2f|", "%+.1f", "% .1f", "%010.3f", "%#.0f",
  "%e", "%.2e", "%E", "%12.3E", "%g", "%.3g", "%G", "%#g", "%10.4g", "%-12g|" }
for _, f in ipairs(ffmts) do
  print(f, string.format(f, 3.14159), string.format(f, -0.000123456), string.format(f, 1e20))
end
print(string.format("%f %e %g", 1/0, -1/0, 1/0))
print(string.format("%.0f %.0f %.0f", 0.5, 1.5, 2.5))
print(string.format("%5s|%-5s|%.2s|%5.1s|", "ab", "ab", "abc", "xyz"))
print(string.format("%c%c%c", 76, 117, 97), string.format("%5c|%-5c|", 65, 66))
print(string.format("%%"), string.format("a%%b%%"), string.format("%5.1f%%", 99.44))
print(string.format("%.14g", 0.1), string.format("%.17g", 0.1), string.format("%.99f", 1):len())
print(string.format("%s %s %s", 1, 1.0, -0.0), string.format("%s", true), string.format("%s", nil))
print(string.format("%10.3s|", "abcdef"), string.format("%-10s|", 1.5))
print(string.format("%s", setmetatable({}, { __tostring = function() return "OBJ" end })))
print(string.format("%d%%", 10), string.format("no args"))
