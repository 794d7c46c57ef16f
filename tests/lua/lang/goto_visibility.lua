-- goto and labels: visibility rules of the manual
do
  local i = 1
  ::top::
  if i <= 3 then io.write(i, " ") i = i + 1 goto top end
  print()
end
-- goto continue idiom
for i = 1, 5 do
  if i % 2 == 0 then goto continue end
  io.write(i, " ")
  ::continue::
end
print()
-- a label at the end of a block is visible even though a local was declared after the goto
do
  goto finish
  local x = 1
  ::finish::
end
print("jumped over local to end of block")
-- nested loops exit
for i = 1, 3 do
  for j = 1, 3 do
    if i * j == 4 then goto out end
    io.write(i * j, " ")
  end
end
::out::
print()
-- compile errors
local function c(src)
  local f, err = load(src, "=g")
  print(err)
end
c("goto nowhere")
c("do goto l1 end do ::l1:: end")
c("goto l2; local x = 1; ::l2:: print(x)")
c("::dup:: ::dup::")
c("do ::a:: end ::a:: goto a")
c("local function f() goto out end ::out::")
c("repeat goto cont; local x ::cont:: until x")
c("for i=1,2 do ::l:: end goto l")
print(load("::a:: do ::a:: end") ~= nil)
print(load("do ::b:: end ::b::") ~= nil)
-- closures in a goto loop capture a fresh local each time
local fs = {}
do
  local i = 1
  ::again::
  local j = i
  fs[#fs + 1] = function() return j end
  i = i + 1
  if i <= 3 then goto again end
end
print(fs[1](), fs[2](), fs[3]())
