-- gmatch with '^' (5.4: anchored to the start, at most one match) and init beyond the end
local n = 0
for m in string.gmatch("aaa", "^a") do n = n + 1 end
print(n)
n = 0
for m in string.gmatch("baaa", "^a") do n = n + 1 end
print(n)
for m in string.gmatch("xyz", "^(.)", 2) do print("init2", m) end
for k, v in string.gmatch("k1=v1;k2=v2", "^(%w+)=(%w+)") do print(k, v) end
for m in string.gmatch("abc", "$") do print("end", "[" .. m .. "]") end
for p in string.gmatch("abc", "()$") do print("endpos", p) end
for m in string.gmatch("a^b", "%^") do print("caret", m) end
