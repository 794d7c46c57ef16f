--[[
Title: To-be-closed variables
Summary: `local x <close>` runs the value's `__close` metamethod when the variable goes out of scope, however it leaves.

A to-be-closed variable is Lua 5.4's answer to "always release this resource": when the block that declares it ends, by falling off its end, `break`, `return`, `goto` or an error, the value's `__close` metamethod is called with the error (if any) as its second argument. Several of them close in the reverse order of their declarations.

They are not finalizers: `__close` runs at a known point in the program, not when the collector decides. A coroutine that stays suspended forever never closes its variables; `coroutine.close` closes them for you.

Steps worth taking:
1. Run it and match every "close" line with the scope that ended.
2. Case 4: the first coroutine stays suspended and its resource is never closed; the second is closed by `coroutine.close`.
3. Press Step line (F10) through case 2 and watch the current line jump into `__close` while the error is on its way out.
]]
local function resource(name)
  return setmetatable({ name = name }, {
    __close = function(self, err)
      print("  close " .. self.name .. (err and (" (error: " .. tostring(err) .. ")") or ""))
    end,
  })
end

print("1. leaving a block closes in reverse order")
do
  local a <close> = resource("a")
  local b <close> = resource("b")
  print("  using " .. a.name .. " and " .. b.name)
end

print("2. an error still closes, and the handler sees the error")
local ok, err = pcall(function()
  local f <close> = resource("file")
  error("disk full")
end)
print("  pcall:", ok, err)

print("3. break, return and goto close too")
for i = 1, 3 do
  local r <close> = resource("loop " .. i)
  if i == 2 then break end
end

print("4. a coroutine closed while suspended")
local co = coroutine.wrap(function()
  local c <close> = resource("coroutine's")
  coroutine.yield("suspended")
end)
print("  " .. co())
local co2 = coroutine.create(function()
  local c <close> = resource("abandoned coroutine's")
  coroutine.yield()
end)
coroutine.resume(co2)
print("  coroutine.close:", coroutine.close(co2))

print("5. nil and false are allowed (nothing to close)")
do local nothing <close> = nil end
print("done")
