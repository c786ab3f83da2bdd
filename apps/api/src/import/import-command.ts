/** The import command of `npm run import` (import.cli.ts): options, reading, writing, summary. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { StreamWriter } from '@cl/commands';
import type { ServiceLevels } from '@cl/complaints';
import { ConfigError, loadConfig } from '@cl/config';
import { openEventStore } from '@cl/event-store/open';
import type { EventStore } from '@cl/event-store';
import { PersonalDataCipher } from '@cl/personal-data';
import { openDataKeys } from '@cl/personal-data/sqlite';
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
import { serviceLevelsOf } from '../commands/service-levels-of';
import { checkAsTheApiWould, refusalOf } from './api-row-rules';

const USAGE =
  'usage: npm run import -- <file.csv> --format generic|cfpb [--dry-run] [--report <file>] [--concurrency <n>]';

class UsageError extends Error {}

interface Options {
  file: string;
  format: ImportFormat;
  dryRun: boolean;
  report: string;
  reportGiven: boolean;
  concurrency: number;
}

function options(args: string[]): Options {
  const { positionals, values } = parseArgs({
    args,
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
function progressBar(
  total: number,
  stderr: NodeJS.WritableStream & { isTTY?: boolean },
): { update: (totals: Readonly<ImportTotals>) => void; end: () => void } {
  const interactive = stderr.isTTY === true;
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
    stderr.write(interactive ? `\r${line}\x1b[K${final ? '\n' : ''}` : `${line}\n`);
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

function openStore(env: NodeJS.ProcessEnv): { store: EventStore; levels: ServiceLevels; dataDir: string } {
  const config = loadConfig(env);
  if (config.eventStore.kind === 'sqlite')
    mkdirSync(dirname(config.eventStore.path), { recursive: true, mode: 0o700 });
  const store: EventStore = openEventStore(config.eventStore);
  return { store, levels: serviceLevelsOf(config), dataDir: config.dataDir };
}

export interface ImportIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Aborted (Ctrl-C): the rows under way finish, no other starts. */
  signal?: AbortSignal;
}

/**
 * `npm run import` (see import.cli.ts) without the process around it: returns the exit code
 * (0 nothing refused, 1 some rows refused, 2 unusable file or options, 3 stopped by an error
 * midway, 130 interrupted).
 */
export async function importCommand(args: string[], io: ImportIo): Promise<number> {
  let writing = false;
  try {
    return await run(args, io, () => (writing = true));
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof ImportFileError) {
      io.stderr.write(`${error.message}\n`);
    } else if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    } else {
      io.stderr.write(`The import stopped: ${(error as Error).stack ?? String(error)}\n`);
      if (writing)
        io.stderr.write('What was written stays; run the same command again to complete the import.\n');
    }
    return writing ? 3 : 2;
  }
}

async function run(args: string[], io: ImportIo, startWriting: () => void): Promise<number> {
  const opts = options(args);
  const started = Date.now();
  const read = await readImportFile(opts.file, opts.format);
  if (read.ignoredColumns.length > 0) {
    io.stderr.write(
      `warning: columns not read by the ${opts.format} format, ignored: ${read.ignoredColumns.join(', ')}\n`,
    );
  }
  const plan = planImport(read.operations);
  const { store: realStore, levels, dataDir } = openStore(io.env);
  const store = opts.dryRun ? new DryRunStore(realStore) : realStore;
  // A dry run stores nothing, so it creates no data key either: its events stay in clear.
  const keys = opts.dryRun ? undefined : openDataKeys(dataDir);
  try {
    const personalData = keys && new PersonalDataCipher(keys);
    const writer = new ImportWriter(store, new StreamWriter(store, { personalData }), levels);
    const progress = progressBar(plan.operations, io.stderr);
    startWriting();
    const result = await runImport(
      plan,
      { check: checkAsTheApiWould, write: (operation) => writer.write(operation), refusalOf },
      { concurrency: opts.concurrency, onProgress: progress.update, signal: io.signal },
    );
    progress.end();
    const report = result.refused.length > 0 || opts.reportGiven ? opts.report : undefined;
    if (report) writeRefusalReport(report, result.refused);
    io.stdout.write(
      `${summary(opts, read.records, plan.operations, result, report, (Date.now() - started) / 1000)}\n`,
    );
    if (result.interrupted) return 130;
    return result.rowsRefused > 0 ? 1 : 0;
  } finally {
    keys?.close();
    await realStore.close();
  }
}
