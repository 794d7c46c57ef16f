-- goto and labels inside repeat/while loops
local i = 0
repeat
  i = i + 1
  if i % 2 == 1 then goto continue end
  io.write(i, " ")
  ::continue::
until i >= 8
print()
local j = 0
while j < 6 do
  j = j + 1
  if j == 3 then goto skip end
  io.write(j, " ")
  ::skip::
end
print()
-- label at the end of a nested block followed only by void statements
do
  goto e
  print("skipped")
  ::e:: ;
end
print("void statements after label")
-- backward goto creating closures
local fns = {}
do
  local k = 0
  ::loop::
  local captured = k
  fns[#fns + 1] = function() return captured end
  k = k + 1
  if k < 3 then goto loop end
end
print(fns[1](), fns[2](), fns[3]())
-- compile errors specific to repeat
local function c(src) print(select(2, load(src, "=r"))) end
c("repeat goto cont local x ::cont:: until x")
c("repeat if a then goto cont end local y = 1 ::cont:: until true")
c("goto a; local x; ::a:: ; ; print(x)")
print(load("repeat local x goto cont ::cont:: until x") ~= nil)
print(load("do goto a; local x; ::a:: end") ~= nil)
print(load("while true do goto done end ::done::") ~= nil)
