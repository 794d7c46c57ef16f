-- Float arithmetic loops: count the points of a grid inside the Mandelbrot set.
local size = tonumber(arg and arg[1]) or 800
local inside = 0
for py = 0, size - 1 do
  local ci = 2.0 * py / size - 1.0
  for px = 0, size - 1 do
    local cr = 2.5 * px / size - 2.0
    local zr, zi, k = 0.0, 0.0, 0
    while k < 50 and zr * zr + zi * zi <= 4.0 do
      zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
      k = k + 1
    end
    if k == 50 then inside = inside + 1 end
  end
end
print(string.format("inside = %d", inside))
