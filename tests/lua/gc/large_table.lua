-- A large table survives incremental marking (chunked traversal) while the
-- program keeps writing into it between steps.
-- validate-amortised: the validator walks the whole 20,000-table heap; after every one of the
-- thousands of chunked-marking steps that is 300 s of CPU under ASan (amortised: 15 s)
local t = {}
for i = 1, 20000 do t[i] = {i} end
local h = {}
for i = 1, 5000 do h["k" .. i] = {i} end
for round = 1, 20 do
  collectgarbage("step")
  for i = round, 20000, 97 do t[i] = {i * 2} end
  for i = round, 5000, 101 do h["k" .. i] = {i * 3} end
end
collectgarbage()
local sum = 0
for i = 1, 20000, 100 do sum = sum + t[i][1] end
local hs = 0
for i = 1, 5000, 100 do hs = hs + h["k" .. i][1] end
print(#t, sum, hs)
