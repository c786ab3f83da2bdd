/**
 * npm run -s erase -- --inactive-before <YYYY-MM-DD> [--reason <text>]
 *
 * Erases, by retention (docs/privacy.md), every customer with no event at or after that day
 * (00:00 UTC) whose personal data is not erased yet, or whose erasure was left unannounced
 * (keys deleted, CustomerDataErased not recorded): one streaming pass over the log finds
 * each customer's last business time (metadata.occurredAt of their customer stream's events
 * and of their complaints' events), then each such customer is erased as
 * POST /customers/:id/erasure does: their keys deleted first, then CustomerDataErased
 * recorded, by the actor { id: "retention", role: "system" }. Runs beside a running service
 * (the same DATA_DIR / EVENT_STORE as npm start) or alone. Progress goes to stderr, the count
 * to stdout. Exit 0: done; 1: some customers could not be finished (run it again: it takes
 * them up again); 2: usage or configuration, nothing changed.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { StreamWriter, eraseCustomerData, writeCustomerCommand, type Actor } from '@cl/commands';
import { ConfigError, loadConfig } from '@cl/config';
import { openEventStore } from '@cl/event-store/open';
import type { EventStore } from '@cl/event-store';
import { KeyErasureNotFlushedError, PersonalDataCipher, type DataKeyStore } from '@cl/personal-data';
import { openDataKeys } from '@cl/personal-data/sqlite';
import { progressReporter } from '../cli/progress-reporter';
import { FREE_TEXT_MAX } from '../http/field-rules';
import { customerActivity } from './inactive-customers';

const USAGE = 'usage: npm run -s erase -- --inactive-before <YYYY-MM-DD> [--reason <text>]';
const RETENTION_ACTOR: Actor = { id: 'retention', role: 'system' };
/** A busy key store (another process reading it) is tried again this many times, a second apart. */
const FLUSH_ATTEMPTS = 10;

class UsageError extends Error {}

function options(args: string[]): { before: number; day: string; reason: string } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'inactive-before': { type: 'string' }, reason: { type: 'string' } },
  });
  if (positionals.length > 0) throw new UsageError(`Unexpected ${positionals.join(' ')}\n${USAGE}`);
  const day = values['inactive-before'];
  const match = day === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const before = match ? Date.parse(`${day}T00:00:00.000Z`) : Number.NaN;
  if (!match || Number.isNaN(before) || new Date(before).toISOString().slice(0, 10) !== day) {
    throw new UsageError(`--inactive-before must be a date, YYYY-MM-DD\n${USAGE}`);
  }
  if (before > Date.now()) throw new UsageError(`--inactive-before must not be later than today\n${USAGE}`);
  const reason = values.reason ?? `retention: no activity since before ${day}`;
  if (reason.length < 1 || reason.length > FREE_TEXT_MAX) {
    throw new UsageError(`--reason must be 1 to ${FREE_TEXT_MAX} characters\n${USAGE}`);
  }
  return { before, day: day!, reason };
}

/** The erasure of one customer; a key store another process holds is tried again a few times. */
async function erase(
  keys: DataKeyStore,
  writer: StreamWriter,
  customerId: string,
  reason: string,
  correlationId: string,
  knownUnannounced: boolean,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { result } = await eraseCustomerData(
        keys,
        customerId,
        reason,
        (command) =>
          writeCustomerCommand(writer, customerId, command, {
            actor: RETENTION_ACTOR,
            correlationId,
            causationId: randomUUID(),
          }),
        { knownUnannounced },
      );
      return result.events.length > 0;
    } catch (error) {
      if (!(error instanceof KeyErasureNotFlushedError) || attempt >= FLUSH_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function main(): Promise<number> {
  const { before, day, reason } = options(process.argv.slice(2));
  const config = loadConfig();
  if (config.eventStore.kind === 'sqlite' && !existsSync(config.eventStore.path)) {
    throw new UsageError(`No event store at ${config.eventStore.path}: check DATA_DIR`);
  }
  const store: EventStore = openEventStore(config.eventStore);
  const keys = openDataKeys(config.dataDir);
  try {
    const activity = await customerActivity(store, progressReporter('scan'));
    const due: { customerId: string; knownUnannounced: boolean }[] = [];
    for (const [customerId, { lastActiveMs, sealedSinceErasure }] of activity) {
      if (lastActiveMs >= before) continue;
      // Still a key, or one deleted by an erasure that stopped before it was recorded: marked
      // pending by the key store, or (from before it kept that mark) sealed data since the
      // last erasure recorded whose key is gone.
      const hasKey = await keys.hasKey(customerId);
      if (hasKey || sealedSinceErasure || (await keys.pendingErasure(customerId)) !== undefined) {
        due.push({ customerId, knownUnannounced: sealedSinceErasure && !hasKey });
      }
    }
    process.stderr.write(
      `${activity.size.toLocaleString('en')} customers in the log, ${due.length.toLocaleString('en')} inactive before ${day} with personal data to erase\n`,
    );
    const writer = new StreamWriter(store, { personalData: new PersonalDataCipher(keys) });
    const correlationId = randomUUID();
    const progress = progressReporter('erase');
    let erased = 0;
    const failed: string[] = [];
    for (const [index, { customerId, knownUnannounced }] of due.entries()) {
      try {
        if (await erase(keys, writer, customerId, reason, correlationId, knownUnannounced)) erased++;
      } catch (error) {
        if (!(error instanceof KeyErasureNotFlushedError)) throw error;
        failed.push(customerId);
      }
      progress(BigInt(index + 1), BigInt(due.length), index + 1);
    }
    process.stdout.write(`Erased ${erased} customers inactive before ${day}\n`);
    if (failed.length === 0) return 0;
    console.error(
      `${failed.length} customers could not be finished (their key store stayed busy): run the command again. First: ${failed.slice(0, 10).join(', ')}`,
    );
    return 1;
  } finally {
    keys.close();
    await store.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) {
      console.error(error.message);
      process.exitCode = 2;
    } else if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true) {
      console.error(`${(error as Error).message}\n${USAGE}`);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 3;
    }
  },
);
