-- random conditions in if/while/repeat/assignments: jump lists and TESTSET must agree with lua5.4
local seed = 777
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n + 1 end
local atoms = {"a", "b", "c", "n", "f", "t.x", "t.y", "1", "nil", "false", "true", "'s'", "u()", "v(a)"}
local cmps = {"==", "~=", "<", "<=", ">", ">="}
local function cond(depth)
  local k = rnd(7)
  if depth <= 0 or k == 1 then return atoms[rnd(#atoms)] end
  if k == 2 then return "not " .. cond(depth - 1) end
  if k == 3 then return "(" .. cond(depth - 1) .. ")" end
  if k == 4 then
    local nums = {"a", "b", "1", "2", "n", "-1", "0.5"}
    return nums[rnd(#nums)] .. " " .. cmps[rnd(#cmps)] .. " " .. nums[rnd(#nums)]
  end
  return cond(depth - 1) .. (rnd(2) == 1 and " and " or " or ") .. cond(depth - 1)
end
local N = 300
local pre = "local a, b, c, n, f = 1, 2, nil, 0, false local t = {x = 1} " ..
  "local calls = 0 local function u() calls = calls + 1 return calls % 2 == 0 end " ..
  "local function v(x) calls = calls + 1 return x end "
for i = 1, N do
  local c1, c2 = cond(3), cond(3)
  local body = {
    "local r = " .. c1 .. " return tostring(r), calls",
    "if " .. c1 .. " then return 'then', calls elseif " .. c2 .. " then return 'elseif', calls else return 'else', calls end",
    "local k = 0 while (" .. c1 .. ") and k < 3 do k = k + 1 end return k, calls",
    "local x = (" .. c1 .. ") and 'A' or 'B' return x, calls",
    "local y = not (" .. c1 .. ") return y, calls",
    "local t2 = {" .. c1 .. ", " .. c2 .. "} return tostring(t2[1]) .. tostring(t2[2]), calls",
    "local k = 0 repeat k = k + 1 until (" .. c1 .. ") or k > 2 return k, calls",
  }
  local src = pre .. body[rnd(#body)]
  local f, err = load(src, "=c")
  if f then
    local ok, r1, r2 = pcall(f)
    print(i, ok, tostring(r1):gsub("^.-:%d+: ", ""), r2)
  else
    print(i, err)
  end
end
