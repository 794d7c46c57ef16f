-- random expressions over constants and locals, compiled with load: folding must equal runtime
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n + 1 end
local atoms = {"1", "0", "-1", "2", "3.5", "-0.0", "0.0", "1e308", "2^53", "math.maxinteger", "math.mininteger",
  "a", "b", "c", "d", "'10'", "'0x10'", "'abc'", "nil", "true", "false", "(0/0)", "(1/0)", "7", "-7", "255", "256", "65536", "0x7fffffff"}
local binops = {"+", "-", "*", "/", "//", "%", "^", "&", "|", "~", "<<", ">>", "..", "==", "~=", "<", "<=", ">", ">=", "and", "or"}
local unops = {"-", "not ", "~", "#"}
local function expr(depth)
  if depth <= 0 or rnd(3) == 1 then return atoms[rnd(#atoms)] end
  local k = rnd(6)
  if k == 1 then return unops[rnd(#unops)] .. "(" .. expr(depth - 1) .. ")" end
  if k == 2 then return "(" .. expr(depth - 1) .. ")" end
  return expr(depth - 1) .. " " .. binops[rnd(#binops)] .. " " .. expr(depth - 1)
end
local function show(ok, v)
  if not ok then return "E:" .. tostring(v):gsub("^.-:%d+: ", "") end
  if type(v) == "number" then return math.type(v) .. ":" .. string.format("%.17g", v) end
  return type(v) .. ":" .. tostring(v)
end
local N = 300
for i = 1, N do
  local e = expr(3)
  local src = "local a, b, c, d = 3, -2.5, '7', 0 return " .. e
  local f, err = load(src, "=x")
  if f then
    print(i, show(pcall(f)))
  else
    print(i, "C:" .. err)
  end
end
