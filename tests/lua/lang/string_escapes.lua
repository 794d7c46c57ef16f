-- string escapes and long strings
local function show(s) return (s:gsub("[%c\128-\255]", function(c) return "\\" .. c:byte() end)) end
print(show("a\tb\nc\\d\"e\'f"), #"\a\b\f\n\r\t\v")
print("\65\066\0677", "\x41\x42\x7a", "\u{41}\u{3b1}\u{20AC}\u{10FFFF}" == "A\xce\xb1\xe2\x82\xac\xf4\x8f\xbf\xbf")
print(#"\u{7FFFFFFF}", show("\u{7FFFFFFF}"))
print(show("\0"), #"a\0b", ("a\0b"):byte(2))
print("line1\
line2")
print("skip \z
       spaces", "a\z  b")
print([[long
string]], [==[with ]] inside]==], #[[
skipped first newline]])
print([[a\nb]], [=[]=] == "")
print('single "double" inside', "double 'single' inside")
print(show("\r\n"), show("\255\254"))
local long = [[
line one
line two
]]
print(#long, select(2, long:gsub("\n", "")))
print("\x00\x01" < "\x00\x02", "\0" < "\1")
print(("%q"):format("tab\there\0nul\nnew\"q\\"))
print(string.format("%q", "\r\27\127\200"))
