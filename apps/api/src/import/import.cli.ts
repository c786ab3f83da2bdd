/**
 * npm run import -- <file.csv> --format generic|cfpb [--dry-run] [--report <file>] [--concurrency <n>]
 *
 * Imports history through the command path of the API (docs/import.md):
 * each row is validated by the route's own rules and decided by the slice on StreamWriter,
 * with the actor { id: "import", role: "system" } and the row's business time. Runs beside
 * a running service (same DATA_DIR / EVENT_STORE as npm start) or alone. Progress goes to
 * stderr (a bar on a terminal), the summary to stdout. Exit 0: no row refused; 1: some
 * were (listed in the report); 2: the file or the options are unusable, nothing written;
 * 3: stopped midway by an error (the store failing); 130: interrupted. After 3 or 130, what
 * was written stays and running the same command again completes the import.
 */
import { importCommand } from './import-command';

const abort = new AbortController();
const interrupt = () => {
  if (abort.signal.aborted) process.exit(130);
  console.error('\nStopping: the rows under way finish, no other starts (Ctrl-C again to stop at once)...');
  abort.abort();
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);

importCommand(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: abort.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 3;
  },
);
