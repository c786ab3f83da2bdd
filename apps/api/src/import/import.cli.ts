/**
 * npm run import -- <file.csv> --format generic|cfpb [--dry-run] [--report <file>] [--concurrency <n>]
 *
 * Imports history through the command path of the API (../shared/spec/import.md, docs/import.md):
 * each row is validated by the route's own rules and decided by the slice on StreamWriter,
 * with the actor { id: "import", role: "system" } and the row's business time. Runs beside
 * a running service (same DATA_DIR / EVENT_STORE as npm start) or alone. Progress goes to
 * stderr (a bar on a terminal), the summary to stdout. Exit 0: no row refused; 1: some
 * were (listed in the report); 2: the file or the options are unusable, nothing written;
 * 3: stopped midway by an error (the store failing); 130: interrupted. After 3 or 130, what
 * was written stays and running the same command again completes the import.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { StreamWriter } from '@cl/commands';
import type { ServiceLevels } from '@cl/complaints';
import { ConfigError, loadConfig } from '@cl/config';
import { EsdbEventStore, SqliteEventStore, type EventStore } from '@cl/event-store';
import {
  DryRunStore,
  IMPORT_FORMATS,
  ImportFileError,
  ImportWriter,
  planImport,
  readImportFile,
  runImport,
  writeRefusalReport,
  type ImportFormat,
  type ImportResult,
  type ImportTotals,
} from '@cl/import';
import { checkAsTheApiWould, refusalOf } from './api-row-rules';

const USAGE =
  'usage: npm run import -- <file.csv> --format generic|cfpb [--dry-run] [--report <file>] [--concurrency <n>]';

class UsageError extends Error {}

/** Set once rows may have been written: an error after it is exit 3, not 2. */
let writing = false;

interface Options {
  file: string;
  format: ImportFormat;
  dryRun: boolean;
  report: string;
  reportGiven: boolean;
  concurrency: number;
}

function options(): Options {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'dry-run': { type: 'boolean' },
      report: { type: 'string' },
      concurrency: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(`Name one file to import.\n${USAGE}`);
  const format = values.format;
  if (format === undefined || !IMPORT_FORMATS.includes(format as ImportFormat)) {
    throw new UsageError(
      `${format === undefined ? '--format is required' : `Unknown format '${format}'`}: one of ${IMPORT_FORMATS.join(', ')}.\n${USAGE}`,
    );
  }
  const concurrency = Number(values.concurrency ?? 64);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1024) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 1024.\n${USAGE}`);
  }
  const file = positionals[0];
  return {
    file,
    format: format as ImportFormat,
    dryRun: values['dry-run'] ?? false,
    report: values.report ?? `${file}.refused.csv`,
    reportGiven: values.report !== undefined,
    concurrency,
  };
}

/** Progress on stderr: a bar redrawn in place on a terminal, else a line every 2 seconds. */
function progressBar(total: number): { update: (totals: Readonly<ImportTotals>) => void; end: () => void } {
  const interactive = process.stderr.isTTY === true;
  const started = Date.now();
  let last = 0;
  const draw = (totals: Readonly<ImportTotals>, final: boolean) => {
    const now = Date.now();
    if (!final && now - last < (interactive ? 100 : 2000)) return;
    last = now;
    const seconds = Math.max((now - started) / 1000, 0.001);
    const rate = totals.done / seconds;
    const share = total === 0 ? 1 : totals.done / total;
    const eta = rate > 0 ? Math.ceil((total - totals.done) / rate) : undefined;
    const width = 30;
    const filled = Math.round(share * width);
    const line =
      `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(1).padStart(5)}% ` +
      `${totals.done.toLocaleString('en')}/${total.toLocaleString('en')} rows, ` +
      `${Math.round(rate).toLocaleString('en')} rows/s, ETA ${eta === undefined ? '?' : `${eta}s`}, ` +
      `${totals.eventsWritten.toLocaleString('en')} events written, ${totals.rowsRefused.toLocaleString('en')} refused`;
    process.stderr.write(interactive ? `\r${line}\x1b[K${final ? '\n' : ''}` : `${line}\n`);
  };
  let latest: Readonly<ImportTotals> | undefined;
  return {
    update: (totals) => {
      latest = totals;
      draw(totals, false);
    },
    end: () => latest && draw(latest, true),
  };
}

function summary(
  { file, format, dryRun }: Options,
  records: number,
  commands: number,
  result: ImportResult,
  report: string | undefined,
  seconds: number,
): string {
  const n = (value: number) => value.toLocaleString('en');
  return [
    `${dryRun ? 'Dry run of' : 'Imported'} ${file} (${format}) in ${seconds.toFixed(1)} s${result.interrupted ? ', INTERRUPTED (run it again to complete it)' : ''}`,
    `  rows read:             ${n(records)}${commands !== records ? ` (${n(commands)} commands)` : ''}`,
    `  events written:        ${n(result.eventsWritten)}${dryRun ? ' (dry run: none really)' : ''} by ${n(result.rowsWritten)} rows`,
    `  rows already present:  ${n(result.rowsPresent)} (skipped)`,
    `  rows refused:          ${n(result.rowsRefused)}${report ? ` (listed in ${report})` : ''}`,
    ...(result.interrupted ? [`  rows not tried:        ${n(commands - result.done)}`] : []),
  ].join('\n');
}

function openStore(): { store: EventStore; levels: ServiceLevels } {
  const config = loadConfig();
  if (config.eventStore.kind === 'sqlite') mkdirSync(dirname(config.eventStore.path), { recursive: true });
  const store: EventStore =
    config.eventStore.kind === 'sqlite'
      ? SqliteEventStore.open({ path: config.eventStore.path })
      : EsdbEventStore.connect(config.eventStore.connectionString, config.eventStore);
  return { store, levels: { slaHours: config.slaHours, callbackDueHours: config.callbackDueHours } };
}

async function main(): Promise<number> {
  const opts = options();
  const started = Date.now();
  const read = await readImportFile(opts.file, opts.format);
  if (read.ignoredColumns.length > 0) {
    console.error(`warning: columns not read by the ${opts.format} format, ignored: ${read.ignoredColumns.join(', ')}`);
  }
  const plan = planImport(read.operations);
  const { store: realStore, levels } = openStore();
  const store = opts.dryRun ? new DryRunStore(realStore) : realStore;
  const abort = new AbortController();
  const interrupt = () => {
    if (abort.signal.aborted) process.exit(130);
    console.error('\nStopping: the rows under way finish, no other starts (Ctrl-C again to stop at once)...');
    abort.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    const writer = new ImportWriter(store, new StreamWriter(store), levels);
    const progress = progressBar(plan.operations);
    writing = true;
    const result = await runImport(
      plan,
      { check: checkAsTheApiWould, write: (operation) => writer.write(operation), refusalOf },
      { concurrency: opts.concurrency, onProgress: progress.update, signal: abort.signal },
    );
    progress.end();
    const report = result.refused.length > 0 || opts.reportGiven ? opts.report : undefined;
    if (report) writeRefusalReport(report, result.refused);
    console.log(summary(opts, read.records, plan.operations, result, report, (Date.now() - started) / 1000));
    if (result.interrupted) return 130;
    return result.rowsRefused > 0 ? 1 : 0;
  } finally {
    await realStore.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof ImportFileError) {
      console.error(error.message);
    } else if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n${USAGE}`);
    } else {
      console.error(`The import stopped: ${(error as Error).stack ?? String(error)}`);
      if (writing) console.error('What was written stays; run the same command again to complete the import.');
    }
    process.exitCode = writing ? 3 : 2;
  },
);
