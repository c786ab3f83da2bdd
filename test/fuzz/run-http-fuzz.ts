import 'reflect-metadata';
import { fuzzHttpSurface } from './http-fuzz';

/**
 * `npm run fuzz`: the HTTP fuzzer for longer. FUZZ_RUNS (default 5000) requests; FUZZ_SEED
 * replays a run (the seed is printed first, and again with the path of any failure).
 */
async function main(): Promise<void> {
  const numRuns = Number(process.env.FUZZ_RUNS ?? 5000);
  const seed =
    process.env.FUZZ_SEED === undefined
      ? Date.now() ^ (Math.random() * 0x100000000)
      : Number(process.env.FUZZ_SEED);
  if (!Number.isSafeInteger(numRuns) || numRuns < 1)
    throw new Error(`FUZZ_RUNS must be a whole number >= 1, got '${process.env.FUZZ_RUNS}'`);
  if (!Number.isSafeInteger(seed))
    throw new Error(`FUZZ_SEED must be an integer, got '${process.env.FUZZ_SEED}'`);
  console.log(
    `fuzzing the HTTP surface: ${numRuns} requests, seed ${seed} (replay: FUZZ_SEED=${seed} npm run fuzz)`,
  );
  const started = Date.now();
  const statuses = new Map<number, number>();
  const step = Math.max(1, Math.round(numRuns / 20));
  await fuzzHttpSurface({
    numRuns,
    seed,
    onRun: (runs, status) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (runs % step !== 0) return;
      const perSecond = Math.round((runs * 1000) / (Date.now() - started));
      console.log(`  ${runs} requests (${perSecond}/s)`);
    },
  });
  const tally = [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status || 'not sent'}: ${count}`);
  console.log(`answers (with fast-check's shrinking runs): ${tally.join(', ')}`);
  console.log(`no 5xx, no write on a 4xx, healthy after ${numRuns} requests (seed ${seed})`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
