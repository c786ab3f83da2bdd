import { loadConfig, type AppConfig } from '@cl/config';
import { progressReporter } from '../cli/progress-reporter';
import { BackupInvalidError, BackupUsageError, type BackupProgress } from './store-backup';

/** Steps on stderr, and the verification's progress as the audit CLI shows it. */
export function stderrProgress(): BackupProgress {
  return {
    step: (message) => process.stderr.write(`${message}...\n`),
    verifying: progressReporter('verify'),
  };
}

/** The embedded store's DATA_DIR; on EventStoreDB these commands do not apply. */
export function embeddedDataDir(command: string): string {
  const config: AppConfig = loadConfig();
  if (config.eventStore.kind !== 'sqlite') {
    throw new BackupUsageError(
      `npm run ${command} is for the embedded store. On EventStoreDB, use its own backup and restore (see the README, "Backup and restore").`,
    );
  }
  return config.dataDir;
}

/** Runs a backup command: exit 0 done, 1 does not verify, 2 usage or could not run; never a stack trace. */
export function runBackupCommand(main: () => Promise<void>): void {
  main().then(
    () => {
      process.exitCode = 0;
    },
    (error: unknown) => {
      console.error((error as Error).message);
      // Usage, configuration, a running service, or anything that kept it from running: 2.
      process.exitCode = error instanceof BackupInvalidError ? 1 : 2;
    },
  );
}
