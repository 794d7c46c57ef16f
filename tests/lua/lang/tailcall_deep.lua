-- Proper tail calls run in constant space: 10^7 tail calls, far more than the stack could hold.
-- skip-in: budget1 10^7 calls at one instruction per run() slice take minutes under ASan; calls.lua covers tail calls in that mode
local function sum(n, acc) if n == 0 then return acc end return sum(n - 1, acc + n) end
print(sum(10000000, 0))
local function bounce(n) if n == 0 then return "landed" end return (n % 2 == 0 and bounce or bounce)(n - 1) end
print(bounce(100000))
