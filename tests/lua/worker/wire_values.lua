-- tricolor-only
-- What crosses between VMs is a copy made of data: exact number subtypes,
-- 8-bit strings, nested tables; trees, not graphs.
local echo = worker.spawn("while true do worker.send(worker.receive()) end")
local function roundTrip(v) echo:send(v); return echo:receive() end
print(math.type(roundTrip(3)), math.type(roundTrip(3.0)), roundTrip("a\0b") == "a\0b")
-- expect: integer	float	true
print(roundTrip(true), roundTrip(false), roundTrip(nil), 1 / roundTrip(-0.0), roundTrip(0 / 0) ~= roundTrip(0 / 0))
-- expect: true	false	nil	-inf	true
local t = roundTrip({ 1, 2, { x = "y" }, k = { nested = { deeper = true } }, [2.5] = "half" })
print(#t, t[3].x, t.k.nested.deeper, t[2.5])
-- expect: 3	y	true	half
local shared = { 1 }
local r = roundTrip({ a = shared, b = shared })
print(r.a ~= r.b, r.a[1], r.b[1])
-- expect: true	1	1
local original = { v = 1 }
echo:send(original)
original.v = 2
print(echo:receive().v)
-- expect: 1
echo:terminate()
