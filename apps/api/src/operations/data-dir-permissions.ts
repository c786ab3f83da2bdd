import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SUBSCRIPTION_KEY_FILE } from '@cl/integration';
import { ACTOR_SECRET_FILE, ADMIN_TOKEN_FILE } from '../auth/api-keys';

/** What the service keeps in DATA_DIR that no other user of the machine should read. */
const PRIVATE_FILES = [
  'events.db',
  'events.db-wal',
  SUBSCRIPTION_KEY_FILE,
  ADMIN_TOKEN_FILE,
  ACTOR_SECRET_FILE,
];

/**
 * DATA_DIR and the private files in it that others may read or enter (group or other bits
 * set), each with a warning saying how to close it. The service creates them 0700 and 0600;
 * files made before (or by hand) are left as they are, and this names them.
 */
export function dataDirExposures(dataDir: string): string[] {
  const paths = [dataDir, ...PRIVATE_FILES.map((name) => join(dataDir, name))];
  return paths.flatMap((path) => {
    if (!existsSync(path)) return [];
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) === 0) return [];
    const wanted = path === dataDir ? '700' : '600';
    return [
      `${path} can be read by other users of this machine (mode ${mode.toString(8)}): chmod ${wanted} ${path}`,
    ];
  });
}
