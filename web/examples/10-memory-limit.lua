--[[
Title: The memory limit
Summary: Each run's VM has a memory limit (256 MB unless you change it in the toolbar); exceeding it is an ordinary Lua error.

When an allocation would take the VM past its limit, the VM raises the error "not enough memory". Like any error, `pcall` can catch it: the half-built data becomes garbage and the collector reclaims it, and the program carries on. Uncaught, it ends the run with a clean error message, and the next run starts on a fresh VM.

Steps worth taking:
1. Set the memory limit in the toolbar to 16 MB and run it: the first part fails inside `pcall` and the program goes on.
2. Remove the `pcall` around `grow` and run again: the run ends with "not enough memory", and Run works again right away.
3. Watch the memory figure in the status bar while it grows.
]]
local function grow()
  local t = {}
  for i = 1, 1e9 do t[i] = i end  -- about 16 bytes per element: far beyond any limit
  return #t
end

local ok, err = pcall(grow)
print("pcall(grow):", ok, err)
collectgarbage()
print(string.format("after the error the heap is back to %.0f KB", collectgarbage("count")))

-- The VM is still usable: allocate something reasonable.
local words = {}
for i = 1, 1000 do words[i] = "word " .. i end
print("still working: " .. #words .. " strings allocated")
