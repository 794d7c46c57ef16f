local function g(...) return 1 + g(1, 2, 3, ...) end
print(pcall(g))
