-- method call syntax and self
local obj = {name = "obj"}
function obj:hello(greet) return (greet or "hi") .. " " .. self.name end
function obj.static(x) return x end
print(obj:hello(), obj:hello("yo"), obj.hello(obj, "hey"), obj.static(5))
local Class = {}
Class.__index = Class
function Class.new(v) return setmetatable({v = v}, Class) end
function Class:get() return self.v end
function Class:add(n) self.v = self.v + n return self end
local c = Class.new(1)
print(c:add(2):add(3):get())
print(("abc"):upper(), ("x"):rep(3, ","), ("%d"):format(7))
local s = "hello"
print(s:len(), s:sub(2, 3), #s:upper())
local a = {b = {c = {}}}
function a.b.c:m() return self == a.b.c end
function a.b.c.f() return "f" end
print(a.b.c:m(), a.b.c.f())
local calls = 0
local proxy = setmetatable({}, {__index = function(t, k) calls = calls + 1 return function(self, x) return k .. x end end})
print(proxy:foo("1"), proxy:bar("2"), calls)
-- the receiver expression is evaluated once
local n = 0
local function getobj() n = n + 1 return obj end
print(getobj():hello(), n)
print(pcall(function() local t = {} return t:nomethod() end))
print(pcall(function() return obj:missing() end))
print(pcall(function() return ("x"):nomethod() end))
