-- deeply nested source is a clean error, not a crash
local function try(src)
  local f, err = load(src)
  if f then print("loaded") return f end
  print((err:match("^[^\n]*"):gsub("^.-:%d+: ", "")))
end
local n = 1000
try("return " .. ("("):rep(n) .. "1" .. (")"):rep(n))
try("return " .. ("{"):rep(n) .. ("}"):rep(n))
try(("do "):rep(n) .. ("end "):rep(n))
try("return " .. ("-"):rep(n) .. "1")
try("return " .. ("not "):rep(n) .. "1")
try("local x = " .. ("f("):rep(n) .. (")"):rep(n))
try(("if x then "):rep(n) .. ("end "):rep(n))
try("return " .. ("a."):rep(n) .. "b")
try("return 1" .. (" + 1"):rep(n))
try("return " .. ("function() return "):rep(300) .. "1" .. (" end"):rep(300))
try("x = " .. ("'a' .. "):rep(n) .. "'b'")
local ok = try("return " .. ("("):rep(100) .. "42" .. (")"):rep(100))
print(ok and ok())
