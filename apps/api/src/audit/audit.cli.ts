/**
 * npm run -s audit -- verify [--stream <id>] [--json]
 *   Verifies every stream's hash chain and every seal (or one stream's chain), in one pass over
 *   the log. Exit 0 only when everything verifies, 1 when something does not (the first
 *   broken stream and revision, or seal and position, are named), 2 when it could not run.
 * npm run -s audit -- export [--stream <id>] [--from <position>]
 *   Writes the events (position >= from) as NDJSON of the shared event shape on stdout, their
 *   personal fields opened with the keys of DATA_DIR/keys.db (in clear, or "[erased]") and
 *   their stored values in `sealed`; without a keys.db every personal field is "[erased]" (none
 *   is created). Verification reads the stored form and needs no key.
 *
 * Progress goes to stderr. Both run beside a running service: the embedded store is opened
 * for reading only. (`-s` keeps npm's own banner off stdout.)
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyLog, verifyStream, type LogVerification, type StreamVerification } from '@cl/audit';
import { ConfigError, loadConfig } from '@cl/config';
import { openEventStore } from '@cl/event-store/open';
import type { EventStore } from '@cl/event-store';
import { PersonalDataCipher, type DataKeyStore } from '@cl/personal-data';
import { DATA_KEY_FILE, openDataKeysToRead } from '@cl/personal-data/sqlite';
import { progressReporter } from '../cli/progress-reporter';
import { exportEvents } from './export-events';

const USAGE =
  'usage: npm run -s audit -- verify [--stream <id>] [--json]\n' +
  '       npm run -s audit -- export [--stream <id>] [--from <position>]';

class UsageError extends Error {}

function describeLog(report: LogVerification): string[] {
  const lines = [
    `${report.events.toLocaleString('en')} events in ${report.streams.toLocaleString('en')} streams, ${report.seals.checked} seals checked`,
  ];
  for (const { streamId, firstInvalidRevision } of report.invalid) {
    lines.push(`INVALID stream ${streamId}: its hash chain breaks at revision ${firstInvalidRevision}`);
  }
  const seal = report.seals.firstInvalidSeal;
  if (seal) {
    lines.push(
      `INVALID seal at position ${seal.position} (audit-seals revision ${seal.revision}): the log disagrees with it (${seal.mismatch}) at a position in (${seal.afterPosition}, ${seal.upToPosition}]; first invalid position ${report.seals.firstInvalidPosition}`,
    );
  }
  lines.push(report.valid ? 'VALID' : 'NOT VALID');
  return lines;
}

function describeStream(report: StreamVerification): string[] {
  if (report.events === 0) return [`stream ${report.streamId} has no events`, 'NOT VALID'];
  return [
    `${report.events.toLocaleString('en')} events in stream ${report.streamId}`,
    ...(report.valid
      ? ['VALID']
      : [
          `INVALID stream ${report.streamId}: its hash chain breaks at revision ${report.firstInvalidRevision}`,
          'NOT VALID',
        ]),
  ];
}

async function verify(store: EventStore, stream: string | undefined, json: boolean): Promise<boolean> {
  if (stream !== undefined) {
    const report = await verifyStream(store, stream);
    process.stdout.write(json ? `${JSON.stringify(report)}\n` : `${describeStream(report).join('\n')}\n`);
    return report.valid && report.events > 0;
  }
  const report = await verifyLog(store, { onProgress: progressReporter('verify') });
  process.stdout.write(json ? `${JSON.stringify(report)}\n` : `${describeLog(report).join('\n')}\n`);
  return report.valid;
}

/** Writes a line, waiting when stdout is full (a slow pipe never makes the export buffer). */
function writeLine(line: string): Promise<void> | undefined {
  if (process.stdout.write(line)) return undefined;
  return new Promise((resolve) => process.stdout.once('drain', resolve));
}

/** DATA_DIR's keys, read-only; without a keys.db every personal field reads "[erased]" (none is created). */
function dataKeysToRead(dataDir: string): DataKeyStore {
  const { keys, found } = openDataKeysToRead(dataDir);
  if (!found) {
    process.stderr.write(
      `No key store at ${join(dataDir, DATA_KEY_FILE)}: every personal field is exported as "[erased]"\n`,
    );
  }
  return keys;
}

async function main(): Promise<number> {
  // A reader that stops early (`| head`) closes the pipe: stop quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { stream: { type: 'string' }, from: { type: 'string' }, json: { type: 'boolean' } },
  });
  const [command, ...extra] = positionals;
  if ((command !== 'verify' && command !== 'export') || extra.length > 0) throw new UsageError(USAGE);
  if (values.from !== undefined && (command !== 'export' || !/^\d{1,30}$/.test(values.from))) {
    throw new UsageError(`--from must be a position (a whole number >= 0), with export only\n${USAGE}`);
  }
  const config = loadConfig();
  const store: EventStore = openEventStore(config.eventStore, { readOnly: true });
  try {
    if (command === 'export') {
      const keys = dataKeysToRead(config.dataDir);
      try {
        await exportEvents(store, new PersonalDataCipher(keys), {
          stream: values.stream,
          from: BigInt(values.from ?? '0'),
          write: writeLine,
          progress: progressReporter('export'),
        });
      } finally {
        keys.close();
      }
      return 0;
    }
    return (await verify(store, values.stream, values.json ?? false)) ? 0 : 1;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) console.error(error.message);
    else if ((error as { code?: string }).code === 'SQLITE_CANTOPEN') {
      console.error(
        'No event store found: check DATA_DIR (the service creates DATA_DIR/events.db on first start).',
      );
    } else if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`${(error as Error).message}\n${USAGE}`);
    } else console.error((error as Error).message);
    process.exitCode = 2;
  },
);
