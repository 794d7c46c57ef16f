-- comments and whitespace
print(1 --[[ inline comment ]] + 2) -- trailing
--[==[
multi
line ]] still comment
]==]
print("after long comment")
---[[ this is a line comment because of the extra dash
print("not commented")
--]]
local x = 1;;; local y = 2
print(x+y,x  +  y, x	+	y)
print(#[[--not a comment]])
print("--not a comment either")
local t = {--[[c]]1,--[[c]]2}
print(#t)
print(load("return 1--\r\n+ 1")(), load("return\f1\v+\r2")())
print(load("--[[unclosed"))
print(type(load("-- only a comment")))
print(load("--[==[ ok ]==] return 5")())
print(load("return 1 --[[ c ]] + --[=[ c ]=] 2")())
