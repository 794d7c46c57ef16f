-- concatenation and string comparisons
local a, b = "x", 1
print(a .. b, b .. a, 1 .. 2, 1.5 .. "", -0.0 .. "", 2^63 .. "", math.mininteger .. "")
local parts = {}
for i = 1, 20 do parts[#parts + 1] = i end
local s = ""
for i = 1, #parts do s = s .. parts[i] .. (i < #parts and "," or "") end
print(s)
local long = "a" .. "b" .. "c" .. 1 .. 2 .. 3 .. "d" .. 4.5 .. "e"
print(long, #long)
print(("x"):rep(3) .. ("y"):rep(2))
print("abc" < "abd", "abc" < "ab", "" < "a", "a" <= "a", "b" >= "a", "a\0" > "a")
print("10" == 10, "abc" == "abc", ("ab" .. "c") == "abc")
local t = {}
for i = 1, 100 do t[i] = tostring(i) end
print(#table.concat(t))
print(#("x"):rep(1000) .. "")
