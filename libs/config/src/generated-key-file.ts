import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The content of a key the service generates for itself into DATA_DIR when it is not
 * configured (admin token, actor secret, subscription secret key): read when the file exists,
 * else generated once (directory 0700, file 0600). The new file is written aside, then
 * linked into place: processes starting together (the API and its projection process) agree
 * on one key, and none reads a half-written file. Returned without its trailing newline.
 */
export function generatedKeyFile(path: string, generate: () => string): string {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const aside = `${path}.${process.pid}.tmp`;
    writeFileSync(aside, `${generate()}\n`, { mode: 0o600 });
    try {
      linkSync(aside, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(aside);
    }
  }
  return readFileSync(path, 'utf8').trim();
}
