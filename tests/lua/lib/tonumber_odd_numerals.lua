-- tonumber: base argument forms, signs and spaces with bases, hex floats, odd numerals
print(tonumber("1e1", 10), tonumber("1.0", 10), tonumber(" -ff ", 16), tonumber("-", 16), tonumber("", 16), tonumber("+", 10))
print(tonumber("7FFFFFFFFFFFFFFF", 16), tonumber("-8000000000000000", 16), tonumber("zzzzzzzzzzzzz", 36))
print(tonumber("1\0", 10), tonumber("10", 2.0), pcall(tonumber, "10", 2.5), pcall(tonumber, nil, 10))
print(pcall(tonumber, "10", nil))
print(tonumber("0x1.8p1"), tonumber("0x.p1"), tonumber("0xp1"), tonumber("1e+1"), tonumber("1E-1"), tonumber(" .5 "), tonumber("5 ."))
print(tonumber("１"), tonumber("\u{a0}1"), tonumber("1f"), tonumber("0X1F"), tonumber("00x1"), tonumber("0x1g"))
print(math.type(tonumber("0x10")), math.type(tonumber("0x1p4")), math.type(tonumber("1e308")), tonumber("1e309"))
print(tonumber("-0"), tonumber("-0.0"), math.type(tonumber("-0")), 1/tonumber("-0.0"))
