/**
 * npm run restore -- <directory>
 *   With the service stopped: verifies the backup (digests, chains, seals), keeps the current
 *   store and data keys aside (events.db.replaced-<time>, keys.db.replaced-<time>), installs the
 *   backup and gives it a new storeId, so the state in Redis of the replaced history is rebuilt
 *   at the next start. The keys of customers the replaced store records as erased after the
 *   backup, and of those whose erasure the replaced key store kept pending (never recorded),
 *   are deleted again (listed: their erasure must be recorded again).
 *   Exit 0 done; 1 the backup does not verify (nothing changed); 2 usage, or a service is
 *   running on DATA_DIR (nothing changed).
 */
import { resolve } from 'node:path';
import { BackupUsageError, restoreStore } from './store-backup';
import { embeddedDataDir, runBackupCommand, stderrProgress } from './backup-cli-support';

const USAGE = 'usage: npm run restore -- <backup directory>   (with the service stopped)';

runBackupCommand(async () => {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].startsWith('-')) throw new BackupUsageError(USAGE);
  const { manifest, storeId, replacedAs, erasedAgain, pendingErasedAgain } = await restoreStore(
    embeddedDataDir('restore'),
    resolve(args[0]),
    stderrProgress(),
  );
  console.log(
    `Restored the backup of ${manifest.createdAt} (up to position ${manifest.headPosition}) as store ${storeId}` +
      (replacedAs ? `; the store it replaced is kept as ${replacedAs}` : '') +
      '. Start the service: read models, timers and webhooks follow the restored history.',
  );
  if (erasedAgain.length > 0) {
    console.log(
      `${erasedAgain.length} customers were erased after the backup was taken: their keys are deleted again, but the restored log does not record it. Record it with POST /customers/<id>/erasure for each: ${erasedAgain.join(' ')}`,
    );
  }
  if (pendingErasedAgain.length > 0) {
    console.log(
      `${pendingErasedAgain.length} customers' erasures were pending in the replaced key store (their keys deleted, the erasure never recorded): their keys are deleted again and the erasures left pending. Record them with POST /customers/<id>/erasure for each: ${pendingErasedAgain.join(' ')}`,
    );
  }
});
