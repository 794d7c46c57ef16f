-- count hooks count dispatched instructions as lua5.4 does: no count for the
-- jump after a test, the first TFORCALL and every TFORLOOP of a generic for,
-- the RETURN after a tail call to a host function or an instruction resumed
-- after its __close; one more for an arithmetic instruction that falls back
-- to a metamethod (lua5.4's MMBIN); with a line hook too, a count event is
-- followed by a line event for the same instruction
local out = {}
local function run(name, mask, count, f, ...)
  out = {}
  debug.sethook(function(ev, l)
    out[#out + 1] = ev:sub(1, 1) .. (l or debug.getinfo(2, "l").currentline)
  end, mask, count)
  local ok = pcall(f, ...)
  debug.sethook()
  print(name, ok, table.concat(out, " "))
end
local function loops()
  local s = 0
  for i = 1, 3 do s = s + i end
  for _, v in ipairs({1, 2}) do s = s + v end
  for k, v in next, {5} do
    s = s + v
  end
  local function it(_, i) if i < 2 then return i + 1 end end
  for i in it, nil, 0 do s = s + i end
  while s > 10 do s = s - 1 end
  repeat s = s + 1 until s >= 12
  if s == 12 and s ~= 13 or s < 0 then s = 0 end
  return s
end
local function calls()
  local function g() return 1 end
  local a = g() + g()
  local function viaHost() return math.max(1, 2) end
  local function viaLua() return g() end
  return viaHost() + viaLua() + a
end
local function metas()
  local mt = {__add = function(a, b) return 1 end, __mul = function() return 2 end, __concat = function() return "c" end,
              __index = function(_, k) return k end, __unm = function() return 0 end}
  local t = setmetatable({}, mt)
  local x = t + 1
  local y = t * 2
  local z = t .. "s" .. t.k
  local w = -t
  local n = "10" + 1
  local m = 3 & 1.0
  return x, y, z, w, n, m
end
local function closes()
  do
    local a <close> = setmetatable({}, {__close = function() end})
    local b <close> = setmetatable({}, {__close = function() local q = 1 end})
  end
  local c <close> = setmetatable({}, {__close = function() end})
  return 1
end
for _, f in ipairs({{"loops", loops}, {"calls", calls}, {"metas", metas}, {"closes", closes}}) do
  run(f[1] .. " c1", "", 1, f[2])
  run(f[1] .. " c3", "", 3, f[2])
  run(f[1] .. " l+c2", "l", 2, f[2])
end
