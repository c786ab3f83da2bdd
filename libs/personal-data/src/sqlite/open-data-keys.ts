import { join } from 'node:path';
import { BoundedKeyCache } from '../bounded-key-cache';
import type { DataKeyStore } from '../data-key-store';
import { DATA_KEY_FILE, SqliteDataKeyStore } from './sqlite-data-key-store';

/** The embedded key store of DATA_DIR (keys.db), its reads cached with a bound. */
export function openDataKeys(dataDir: string): DataKeyStore {
  return new BoundedKeyCache(new SqliteDataKeyStore(join(dataDir, DATA_KEY_FILE)));
}
