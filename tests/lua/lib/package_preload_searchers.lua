-- package.preload, package.searchers and require's second result / error messages
package.path = "./nothing/?.lua"
package.cpath = "./nothing/?.so"
package.preload.pp_a = function(name, extra) return { name = name, extra = extra } end
local a, extra = require("pp_a")
print(a.name, a.extra, extra)
print(require("pp_a") == a, package.loaded.pp_a == a)
package.loaded.pp_a = nil
print(require("pp_a") ~= a)
package.loaded.pp_pre = "already"
print(require("pp_pre"))
package.preload.pp_err = function() error("boom in loader") end
print(pcall(require, "pp_err"))
package.preload.pp_sets = function(name) package.loaded[name] = "set by loader" return nil end
print(require("pp_sets"))
local ok, msg = pcall(require, "pp_missing")
print(ok)
print(msg)
print(#package.searchers)
local s1 = package.searchers[1]
print(type(s1("pp_a")), select(2, s1("pp_a")))
print(s1("pp_nope"))
local s2 = package.searchers[2]
print(s2("pp_nope"))
table.insert(package.searchers, 1, function(name) if name == "pp_v" then return function(n, x) return n .. "/" .. tostring(x) end, 99 end return nil end)
print(require("pp_v"))
table.remove(package.searchers, 1)
table.insert(package.searchers, 1, function() return 42 end)
print(pcall(require, "pp_num"))
table.remove(package.searchers, 1)
package.searchers[5] = function() return "\n\tfifth searcher says no" end
ok, msg = pcall(require, "pp_x")
print(msg)
package.searchers[5] = nil
print(pcall(require, 42))
print(pcall(require, {}))
