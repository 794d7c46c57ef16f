-- method calls on call results and literals
local function mk(v) return {v = v, add = function(self, n) return mk(self.v + n) end, get = function(self) return self.v end} end
print(mk(1):add(2):add(3):get())
print(("abc"):rep(2):upper():sub(2, 4))
print(#("x"):rep(5), ("%d-%d"):format(1, 2):len())
local t = {inner = {m = function(self, a) return self == nil, a end}}
print(t.inner:m(1))
print(t["inner"]:m(2))
local k = "inner"
print(t[k]:m(3))
local function getT() return t end
print(getT().inner:m(4))
print(getT()["inner"]:m(5))
local s = "hello"
print(s:sub(1, 1):upper() .. s:sub(2))
local obj = setmetatable({}, {__index = {greet = function(self, n) return "hi " .. n end}})
print(obj:greet("there"), (obj:greet("x")):len())
print(("x"):byte(), ("%s"):rep(3, "|"):format(1, 2, 3))
local up = t
local function viaUpvalue() return up.inner:m(6) end
print(viaUpvalue())
