local s = [==[
long ]] string]==] --[[ c ]] return 0x1p4, 1e308, 0x7fffffffffffffff, "\u{10FFFF}\x41\z   \065"