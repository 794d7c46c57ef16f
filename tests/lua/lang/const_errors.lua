-- <const> locals: values and compile errors
local a <const> = 10
local s <const> = "str"
local f <const> = 1.5
print(a, s, f, a * 2, s .. "!")
local function get() return a + 1 end
print(get())
local t <const> = {}
t.x = 1 -- fields of a const table can change
print(t.x)
local function c(src)
  local fn, err = load(src, "=const")
  print(err)
end
c("local x <const> = 1; x = 2")
c("local x <const> = 1; local function f() x = 3 end")
c("local x <close> = nil; x = 1")
c("local x <foo> = 1")
c("local x <const>, y <close> = 1, 2, 3")
c("local a <close>, b <close> = 1, 2")
c("local x <const>")
c("local x < const > = 1 x = 2")
c("local function f() end local g <const> = f g = nil")
print(load("local x <const> = 1 local x = 2 x = 3 return x")())
print(load("local x <const>; return x")())
