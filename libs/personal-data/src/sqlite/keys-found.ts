import type Database from 'better-sqlite3';

/** The keys of these ids that `selectKey` (by key_id) finds; an erased one is absent. */
export function keysFound(
  selectKey: Database.Statement<[string], { key: Buffer }>,
  keyIds: readonly string[],
): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const keyId of keyIds) {
    const row = selectKey.get(keyId);
    if (row !== undefined) keys.set(keyId, row.key);
  }
  return keys;
}
