-- require, package.path/searchpath/preload/loaded/searchers
-- Modules use the .luamod extension so the corpus runner does not run them as tests.
package.path = "./modules/?.luamod;./modules/?/init.luamod"
local a = require("tc_mod_a")
print(a.name, a.path, a.value, package.loaded.tc_mod_a == a)
print(require("tc_mod_a") == a, select('#', require("tc_mod_a")))
print(select('#', (function() package.loaded.tc_fresh = nil return require("tc_mod_nil") end)()))
print(require("tc_mod_nil"), tc_mod_nil_loaded, package.loaded.tc_mod_nil)
local p, where = require("tc_pkg")
print(p.kind, p.args, where)
print(pcall(require, "tc_mod_syntax"))
print(pcall(require, "tc_mod_error"))
print(package.loaded.tc_mod_error)
local ok, msg = pcall(require, "tc_missing")
print(ok)
print(msg)
print(package.searchpath("tc_mod_a", package.path))
print(package.searchpath("x.y", "a?;b?.lua"))
print(package.searchpath("x.y", "a?;;b?.lua", "", ""))
print(package.searchpath("x_y", "?", "_", "/"))
print(pcall(package.searchpath))
package.preload.tc_pre = function(...) print("preload loader got", ...) return "PRE" end
print(require("tc_pre"))
print(require("tc_pre"))
package.preload.tc_pre2 = function() return nil end
print(require("tc_pre2"), package.loaded.tc_pre2)
package.preload.tc_false = function() return false end
print(require("tc_false"), package.loaded.tc_false)
table.insert(package.searchers, 1, function(n) return "custom msg for " .. n end)
local ok2, msg2 = pcall(require, "tc_other")
print(ok2, msg2:match("custom msg for tc_other") ~= nil)
table.remove(package.searchers, 1)
table.insert(package.searchers, 2, function(n)
  if n == "tc_virtual" then return function(name, extra) return "virtual:" .. name .. ":" .. extra end, "EXTRA" end
end)
print(require("tc_virtual"))
table.remove(package.searchers, 2)
print(#package.searchers, type(package.preload), package.loaded._G == _G, package.loaded.string == string)
print(package.config)
print(type(package.cpath), package.loaded.package == package, package.loaded.math == math)
print(pcall(require))
local saved = package.searchers
package.searchers = nil
print(pcall(require, "tc_nothing"))
package.searchers = saved
package.path = 42
print(pcall(require, "tc_nothing2"))
