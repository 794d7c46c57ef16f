debug.sethook(function() error("call") end, "cr")
