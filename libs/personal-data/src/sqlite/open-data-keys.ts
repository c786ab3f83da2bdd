import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BoundedKeyCache } from '../bounded-key-cache';
import type { DataKeyStore } from '../data-key-store';
import { NoDataKeys } from '../no-data-keys';
import { DATA_KEY_FILE, SqliteDataKeyStore } from './sqlite-data-key-store';
import { SqliteKeyReader } from './sqlite-key-reader';

/** The embedded key store of DATA_DIR (keys.db), its reads cached with a bound. */
export function openDataKeys(dataDir: string): DataKeyStore {
  return new BoundedKeyCache(new SqliteDataKeyStore(join(dataDir, DATA_KEY_FILE)));
}

/**
 * DATA_DIR's keys for a reader that must change nothing (`npm run audit -- export`): keys.db
 * opened read-only, or, when there is none, NoDataKeys (every sealed value opens as erased);
 * `found` says which.
 */
export function openDataKeysToRead(dataDir: string): { keys: DataKeyStore; found: boolean } {
  const path = join(dataDir, DATA_KEY_FILE);
  if (!existsSync(path)) return { keys: new NoDataKeys(), found: false };
  return { keys: new BoundedKeyCache(new SqliteKeyReader(path)), found: true };
}
