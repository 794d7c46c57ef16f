-- A finalizer may store its object: it stays usable and its finalizer is not
-- called again. Objects it references survive with it.
local calls = 0
do
  local obj = setmetatable({name = "phoenix", inner = {value = 42}}, {
    __gc = function(o)
      calls = calls + 1
      saved = o
    end,
  })
end
collectgarbage()
print("calls after first collect", calls)
print(saved and saved.name, saved and saved.inner.value)
saved = nil
collectgarbage()
collectgarbage()
print("calls after more collects", calls)

-- Re-registering by calling setmetatable again gives a second call.
local again = 0
do
  local mt = {}
  mt.__gc = function(o)
    again = again + 1
    if again == 1 then setmetatable(o, mt) end
  end
  setmetatable({}, mt)
end
collectgarbage()
collectgarbage()
collectgarbage()
print("re-registered finalizer calls", again)

-- Errors in finalizers do not stop the program (they become warnings).
setmetatable({}, {__gc = function() error("boom in gc") end})
setmetatable({}, {__gc = function() error({}) end})
collectgarbage()
print("survived errors in __gc")

-- collectgarbage inside a finalizer fails quietly.
local inside
setmetatable({}, {__gc = function() inside = {collectgarbage("count"), collectgarbage()} end})
collectgarbage()
print("inside finalizer", inside and #inside)
