local x <const> = 1
local y <close> = nil
goto a ::a:: return x
