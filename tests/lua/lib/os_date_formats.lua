-- os.date: every conversion with fixed times in UTC ('!'), *t and !*t
local t0 = 86400 * 365 + 3600 * 5 + 60 * 7 + 9 -- 1971-01-01 05:07:09 UTC
local t1 = 1700000000
local convs = "aAbBcdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%"
for c in convs:gmatch(".") do
  print(c, os.date("!%" .. c, t0), os.date("!%" .. c, t1))
end
print(os.date("!%Ec %EC %Ex %EX %Ey %EY", t1))
print(os.date("!%Od %Oe %OH %OI %Om %OM %OS %Ou %OU %OV %Ow %OW %Oy", t1))
print(os.date("!plain text", t1), os.date("!", t1) == "", os.date("!%Y-%m-%dT%H:%M:%SZ", 0))
local u = os.date("!*t", t1)
print(u.year, u.month, u.day, u.hour, u.min, u.sec, u.wday, u.yday, u.isdst)
u = os.date("!*t", 0)
print(u.year, u.month, u.day, u.hour, u.min, u.sec, u.wday, u.yday, u.isdst)
local l = os.date("*t", t1)
print(type(l.year), type(l.isdst), os.time(l) == t1)
print(pcall(os.date, "!%Q", 0))
print(pcall(os.date, "!%E", 0))
print(pcall(os.date, "!%Ez", 0))
print(pcall(os.date, "!%O", 0))
print(pcall(os.date, "!%", 0))
print(pcall(os.date, "!%Y", "x"))
print(pcall(os.date, "!%Y", 1.5))
print(pcall(os.date, {}))
print(os.date("!%Y", 2^31 * 4), os.date("!%Y", -86400 * 365))
print(os.date("!%H:%M", 59.0))
