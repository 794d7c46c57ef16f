-- jumps over long code sequences
local body = {}
for i = 1, 3000 do body[#body + 1] = ("x = x + %d"):format(i % 7) end
local src = "local x = 0\nfor i = 1, 3 do\n" .. table.concat(body, "\n") .. "\nend\nreturn x"
print(load(src)())
src = "local x, c = 0, ...\nif c then\n" .. table.concat(body, "\n") .. "\nelse x = -1 end\nreturn x"
local f = load(src)
print(f(true), f(false))
src = "local x = 0\nwhile x < 10000 do\n" .. table.concat(body, "\n", 1, 1500) .. "\nif x > 5000 then break end\nend\nreturn x"
print(load(src)())
src = "local x = 0\ngoto skip\n" .. table.concat(body, "\n") .. "\n::skip::\nreturn x"
print(load(src)())
src = "local x = 0 local n = 0\n::top::\nn = n + 1\n" .. table.concat(body, "\n", 1, 2000) .. "\nif n < 3 then goto top end\nreturn x"
print(load(src)())
local cond = {}
for i = 1, 500 do cond[#cond + 1] = ("(v == %d)"):format(i) end
local orf = load("local v = ... return " .. table.concat(cond, " or "))
print(orf(1), orf(500), orf(501))
local andf = load("local v = ... return " .. table.concat(cond, " and "):gsub("==", "~="))
print(andf(0), andf(250))
