--[[
Title: Reading input with io.read
Summary: A script that asks questions: type the answers into the stdin line under the console.

`io.read()` reads one line from standard input. In the playground, standard input is the stdin line under the console: when the script asks for a line and none is queued, the VM waits (the status bar says "waiting for input") without blocking the page. Lines typed before the script asks are queued.

`io.read("n")` reads a number, and `io.lines()` iterates over lines until the input ends.

Steps worth taking:
1. Run it, type your name into the stdin line and press Enter.
2. Then type numbers, one per line, and an empty line to finish.
3. While the script waits, look at the visualizer: the program is idle, but you can still step the collector.
]]
io.write("What is your name? ")
local name = io.read()
print("Hello, " .. (name ~= "" and name or "stranger") .. "!")

print("Type numbers, one per line; an empty line ends.")
local sum, count = 0, 0
while true do
  local line = io.read()
  if line == nil or line == "" then break end
  local number = tonumber(line)
  if number then
    sum, count = sum + number, count + 1
    print(string.format("  running total: %g", sum))
  else
    print("  not a number: " .. line)
  end
end
print(string.format("%d numbers, sum %g, average %g", count, sum, count > 0 and sum / count or 0))
