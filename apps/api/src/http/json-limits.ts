/** How deep a request body may nest objects and arrays (docs/http-api.md, Errors). */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b; // {
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACE = 0x7d; // }
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * True when the JSON text nests objects and arrays deeper than `limit`. One pass over the
 * characters, no recursion, so no text can overflow the stack here; brackets inside strings
 * (escaped quotes included) are not counted. It does not validate the text: JSON.parse does,
 * after this, on text that can no longer nest deeper than the limit.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/**
 * True when the parsed value holds a number JSON.parse could not represent (1e400 parses as
 * Infinity): RFC 8785 cannot canonicalize it, nor can it be stored as JSON again. An explicit
 * stack rather than recursion, though the depth is already bounded by then.
 */
export function holdsNonFiniteNumber(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'number') {
      if (!Number.isFinite(next)) return true;
    } else if (next !== null && typeof next === 'object') {
      pending.push(...(Array.isArray(next) ? next : Object.values(next)));
    }
  }
  return false;
}
