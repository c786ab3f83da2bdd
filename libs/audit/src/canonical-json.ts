/**
 * RFC 8785 (JSON Canonicalization Scheme) of a JSON value: object keys sorted by their UTF-16
 * code units, no whitespace, numbers and strings serialized as ECMAScript's JSON.stringify
 * does. Equal to the `canonicalize` package on JSON values (test/audit/canonical-json.spec.ts),
 * and faster: verifying a log canonicalizes every event.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(`${value} cannot be canonicalized: JSON has no such number`);
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`A ${typeof value} cannot be canonicalized`);
  }
}

function canonicalArray(items: unknown[]): string {
  let out = '[';
  for (let index = 0; index < items.length; index++) {
    if (index > 0) out += ',';
    const item = items[index];
    out += item === undefined ? 'null' : canonicalJson(item);
  }
  return `${out}]`;
}

/** Keys as JSON strings: the same few keys come back in every event. */
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 10_000;

function quoted(key: string): string {
  let text = quotedKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (quotedKeys.size < MAX_QUOTED_KEYS) quotedKeys.set(key, text);
  }
  return text;
}

function canonicalObject(record: Record<string, unknown>): string {
  if (typeof record.toJSON === 'function') return canonicalJson((record.toJSON as () => unknown)());
  const keys = Object.keys(record);
  // Default sort compares UTF-16 code units, as RFC 8785 requires.
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (let index = 0; index < keys.length; index++) {
    const field = record[keys[index]];
    if (field === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${quoted(keys[index])}:${canonicalJson(field)}`;
  }
  return `${out}}`;
}
