import { Queue, Worker } from 'bullmq';

/**
 * The ceiling for BullMQ work (docs/operations.md: raw BullMQ jobs): adds `count` empty jobs in
 * bulks of 1000 and processes them with `concurrency`, under `<prefix>:raw`. Returns the
 * milliseconds from the first add to the last job done.
 */
export async function rawBullMqMs(
  redisUrl: string,
  prefix: string,
  count: number,
  concurrency: number,
): Promise<number> {
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue('raw', { connection, prefix: `${prefix}:raw` });
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const worker = new Worker(
    'raw',
    async () => {
      if (++done === count) finished();
    },
    { connection, prefix: `${prefix}:raw`, concurrency },
  );
  const start = performance.now();
  for (let i = 0; i < count; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, count - i) }, (_, n) => ({
        name: 'empty',
        data: {},
        opts: { jobId: `raw_${i + n}`, removeOnComplete: true },
      })),
    );
  }
  await allDone;
  const ms = performance.now() - start;
  await worker.close();
  await queue.close();
  return ms;
}
