/**
 * Lua for scripts that hand numbers to redis.call: `num(x)` writes x as Redis would write a
 * Lua number (%.17g), but an integer (times in ms, counts, scaled amounts: nearly every
 * number) with %d, the same digits without %.17g's costly conversion of a double (17% of
 * Redis's instructions in the customer-risk script before it). Defines the locals
 * `isSafeInteger` and `num`, and `call`, `format` and `floor` they use.
 */
export const LUA_NUMBERS = `
local call, format, floor = redis.call, string.format, math.floor
local function isSafeInteger(x)
  return x == floor(x) and x > -9007199254740992 and x < 9007199254740992 and (x ~= 0 or 1 / x > 0)
end
local function num(x)
  if isSafeInteger(x) then return format('%d', x) end
  return format('%.17g', x)
end
`;
