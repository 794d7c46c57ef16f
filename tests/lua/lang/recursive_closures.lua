-- closures referring to themselves through upvalues and tables
local function Y(f) return function(...) return f(Y(f), ...) end end
local fact = Y(function(self, n) if n <= 1 then return 1 end return n * self(n - 1) end)
print(fact(10))
local memo = {}
local function mfib(n)
  if n < 2 then return n end
  if memo[n] then return memo[n] end
  local r = mfib(n - 1) + mfib(n - 2)
  memo[n] = r
  return r
end
print(mfib(80))
local obj = {}
function obj.countdown(n) if n == 0 then return "liftoff" end return obj.countdown(n - 1) end
print(obj.countdown(100))
local self_ref
self_ref = function(n) if n > 0 then return self_ref(n - 1) + 1 end return 0 end
print(self_ref(50))
local make_counter = function()
  local count = 0
  local function step() count = count + 1 if count < 5 then return step() end return count end
  return step
end
print(make_counter()())
local ack
ack = function(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
print(ack(2, 3))
