-- utf8 on truncated, overlong and 5/6-byte sequences (strict and lax); offset at string ends and continuation bytes
print(utf8.char(72, 228, 8364, 128512))
for _, s in ipairs({"\xC2", "\xE2\x82", "\xF0\x9F\x98", "\xC2\x41", "\xF8\x88\x80\x80\x80", "\xFC\x84\x80\x80\x80\x80", "\xC1\xBF", "\xE0\x9F\xBF", "\xF0\x8F\xBF\xBF"}) do
  print(#s, utf8.len(s), utf8.len(s, 1, -1, true), pcall(utf8.codepoint, s, 1, -1, true))
end
print(utf8.len("abc", 3, 2), utf8.len("abc", 4, 3), pcall(utf8.len, "abc", 5, 3))
print(utf8.offset("abc", 1, 4), utf8.offset("abc", 2, 4), utf8.offset("abc", -1, 4), pcall(utf8.offset, "abc", 1, 5))
print(utf8.offset("\xE2\x82\xAC", 0, 2), utf8.offset("\xE2\x82\xAC", 0, 3))
print(pcall(utf8.offset, "\x80", 1))
print(utf8.offset("\x80\x80", -1))
