debug.sethook(function() error("hook says no") end, "", 1)
