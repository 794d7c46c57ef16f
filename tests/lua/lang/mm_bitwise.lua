-- bitwise metamethods
local mt = {}
for _, name in ipairs({"band", "bor", "bxor", "shl", "shr"}) do
  mt["__" .. name] = function(a, b)
    local function s(v) return type(v) == "table" and "B" or tostring(v) end
    return name .. "(" .. s(a) .. "," .. s(b) .. ")"
  end
end
mt.__bnot = function(a, b) return "bnot(" .. tostring(rawequal(a, b)) .. ")" end
local B = setmetatable({}, mt)
print(B & 1, 1 | B, B ~ B, B << 2, 3 >> B, ~B)
print(B & 1.5, "x" | B)
-- floats without integer representation use the metamethod if one exists
print(pcall(function() return 1.5 & 1 end))
print(pcall(function() return 1.5 & B end))
print(pcall(function() return {} & 1 end))
print(pcall(function() return "a" | 1 end))
print(pcall(function() return ~{} end))
print(pcall(function() return 1 << {} end))
-- integer shifts
print(1 << 62, 1 << 63, 1 << 64, -1 >> 63, -1 << 1, 5 >> -1, 5 << -1, 3 ~ 5, ~0)
print(0xF0 & 0x3C, 0xF0 | 0x0F, 2^53 | 0, 1 << 100, 1 >> -100)
print(pcall(function() return "3" << 1 end))
