/**
 * npm run backup -- <directory>
 *   Copies the embedded store and then the data keys (keys.db) with SQLite's online backup
 *   while the service runs, with the generated keys and a manifest { storeId, headPosition,
 *   lastSealPosition, createdAt, version, dataKeys, files }, and verifies the copy's chains and seals before it reports success.
 *   Exit 0 done; 1 the copy does not verify; 2 usage, or it could not run.
 */
import { resolve } from 'node:path';
import { backupStore, BackupUsageError } from './store-backup';
import { embeddedDataDir, runBackupCommand, stderrProgress } from './backup-cli-support';

const USAGE = 'usage: npm run backup -- <directory>   (a new or empty directory)';

runBackupCommand(async () => {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].startsWith('-')) throw new BackupUsageError(USAGE);
  const target = resolve(args[0]);
  const manifest = await backupStore(
    embeddedDataDir('backup'),
    target,
    stderrProgress(),
    process.env.npm_package_version ?? 'unknown',
  );
  console.log(
    `Backed up store ${manifest.storeId} up to position ${manifest.headPosition} (last seal at ${manifest.lastSealPosition}) into ${target}: verified`,
  );
});
