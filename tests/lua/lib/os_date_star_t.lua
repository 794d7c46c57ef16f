-- os.date("*t") and os.time round trips for fixed times; os.date defaults with '!' prefix
for _, t in ipairs({ 0, 86399, 951782400, 1700000000, 4102444800, -1 }) do
  local u = os.date("!*t", t)
  print(t, u.year, u.month, u.day, u.hour, u.min, u.sec, u.wday, u.yday, u.isdst)
end
local l = os.date("*t", 1700000000)
print(os.time(l) == 1700000000, os.time(os.date("*t", 0)) == 0)
print(os.date("!%c", 0), os.date("!%x %X %p", 43200), os.date("!%j %U %W %V %G %g", 0))
print(os.date("!%Y-%m-%d", 2^31), os.date("!%Y", 253402300799))
print(os.date("!%d/%m/%y", -86400))
print(pcall(os.date, "*t", 2^60))
print(pcall(os.date, "!%Y", math.maxinteger))
