/**
 * bench:personal-data (issue 28): what sealing personal fields costs the command path, in the
 * process that writes (StreamWriter on a real SQLite store and key store, no HTTP): filings
 * with the personal fields in clear (the ceiling) against sealed, for long-lived customers
 * (their key exists) and for a new customer per filing (a key created, synced before use).
 * Rounds alternate; BENCH_FILINGS (20,000) per run, 64 at a time, BENCH_ROUNDS (2).
 * The HTTP figures are bench:api's (BENCH_BASELINE=<ref> for the code before).
 */
import { join } from 'node:path';
import { StreamWriter, writeComplaintCommand, type CommandContext } from '@cl/commands';
import { complaintDecider, type ComplaintCommand } from '@cl/complaints';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import { PersonalDataCipher } from '@cl/personal-data';
import { openDataKeys } from '@cl/personal-data/sqlite';
import { makeTempDir } from '../test/support/temp-dir';

const FILINGS = Number(process.env.BENCH_FILINGS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONCURRENCY = 64;
const CUSTOMERS = 500;

const decider = complaintDecider({
  slaHours: { critical: 4, high: 24, medium: 72, low: 120 },
  callbackDueHours: 48,
});
const context: CommandContext = {
  actor: { id: 'agent-1', role: 'agent' },
  correlationId: 'bench',
  causationId: 'bench',
};
const filing = (complaintId: string, customerId: string): ComplaintCommand => ({
  type: 'file',
  complaintId,
  customerId,
  channel: 'email',
  category: 'billing',
  severity: 'high',
  description: 'Charged twice for the same order; please refund the second charge',
});

interface Figure {
  perSecond: number;
  cpuUs: number;
}

async function run(sealed: boolean, newCustomers: boolean): Promise<Figure> {
  const dir = makeTempDir('bench-personal-data');
  const store = SqliteEventStore.open({ path: join(dir.path, 'events.db') });
  const keys = openDataKeys(dir.path);
  try {
    const writer = new StreamWriter(store, sealed ? { personalData: new PersonalDataCipher(keys) } : {});
    const write = (id: string, customerId: string) =>
      writeComplaintCommand(writer, store, decider, id, filing(id, customerId), context);
    for (let i = 0; i < CUSTOMERS; i++) await write(`W-${i}`, `CU-${i}`); // their keys exist
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let from = 0; from < FILINGS; from += CONCURRENCY) {
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, FILINGS - from) }, (_, offset) => {
          const i = from + offset;
          return write(`C-${i}`, newCustomers ? `NEW-${i}` : `CU-${i % CUSTOMERS}`);
        }),
      );
    }
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return { perSecond: FILINGS / seconds, cpuUs: (used.user + used.system) / FILINGS };
  } finally {
    keys.close();
    await store.close();
    dir.remove();
  }
}

const mean = (figures: Figure[], key: keyof Figure) =>
  figures.reduce((sum, figure) => sum + figure[key], 0) / figures.length;

async function main() {
  console.log(
    `bench:personal-data — ${FILINGS.toLocaleString('en')} filings per run, ${CONCURRENCY} at a time`,
  );
  const cases = [
    { label: 'long-lived customers', newCustomers: false },
    { label: 'a new customer per filing', newCustomers: true },
  ];
  const results = new Map<string, { clear: Figure[]; sealed: Figure[] }>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const { label, newCustomers } of cases) {
      const entry = results.get(label) ?? { clear: [], sealed: [] };
      results.set(label, entry);
      entry.clear.push(await run(false, newCustomers));
      entry.sealed.push(await run(true, newCustomers));
      const [clear, sealed] = [entry.clear.at(-1)!, entry.sealed.at(-1)!];
      console.log(
        `  round ${round}, ${label}: clear ${clear.perSecond.toFixed(0)}/s (${clear.cpuUs.toFixed(1)} µs CPU), sealed ${sealed.perSecond.toFixed(0)}/s (${sealed.cpuUs.toFixed(1)} µs CPU)`,
      );
    }
  }
  console.log(
    '\nfiling in the writing process     clear (ceiling)   sealed        CPU per filing: clear / sealed',
  );
  for (const [label, { clear, sealed }] of results) {
    const change = (mean(sealed, 'perSecond') / mean(clear, 'perSecond') - 1) * 100;
    console.log(
      `  ${label.padEnd(31)} ${mean(clear, 'perSecond').toFixed(0).padStart(7)}/s   ${mean(sealed, 'perSecond').toFixed(0).padStart(7)}/s (${change.toFixed(1)}%)   ${mean(clear, 'cpuUs').toFixed(1)} / ${mean(sealed, 'cpuUs').toFixed(1)} µs`,
    );
  }
  console.log(
    '  (target: the command path within 10% of its figure without sealing, measured over HTTP by bench:api; here without HTTP, the cost is all there is)',
  );
}

void main();
