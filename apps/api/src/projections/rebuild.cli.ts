/**
 * npm run projections:rebuild [-- name ...]: rebuilds projections (all, or those named) into
 * a fresh generation from the first event, with a progress bar, while the running service
 * keeps serving the old one; then switches. Works beside a running service: the embedded
 * store is opened for reading only.
 */
import Redis from 'ioredis';
import { ConfigError, loadConfig } from '@cl/config';
import { openEventStore } from '@cl/event-store/open';
import type { EventStore } from '@cl/event-store';
import { rebuildProjection } from '@cl/projections';
import { PROJECTIONS } from '@cl/read-models';

function progressBar(name: string, position: bigint, head: bigint): string {
  const share = head === 0n ? 1 : Number(position) / Number(head);
  const filled = Math.round(share * 30);
  return `${name.padEnd(16)} [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(share * 100).toFixed(1).padStart(5)}%  ${position.toLocaleString('en')}/${head.toLocaleString('en')} events`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !PROJECTIONS.some((projection) => projection.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown projection ${unknown.join(', ')}; known: ${PROJECTIONS.map((p) => p.name).join(', ')}`,
    );
  }
  const chosen =
    names.length === 0 ? PROJECTIONS : PROJECTIONS.filter((projection) => names.includes(projection.name));
  const store: EventStore = openEventStore(config.eventStore, { readOnly: true });
  const redis = new Redis(config.redisUrl, {
    maxRetriesPerRequest: 3,
    commandTimeout: config.redisCommandTimeoutMs,
  });
  const interactive = process.stdout.isTTY;
  try {
    for (const projection of chosen) {
      let lastLine = 0;
      const started = Date.now();
      const { generation } = await rebuildProjection({
        store,
        redis,
        redisPrefix: config.redisPrefix,
        projection,
        onProgress: (position, head) => {
          const line = progressBar(projection.name, position, head);
          if (interactive) process.stdout.write(`\r${line}`);
          else if (Date.now() - lastLine >= 1000) {
            process.stdout.write(`${line}\n`);
            lastLine = Date.now();
          }
        },
      });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `${interactive ? '\n' : ''}${projection.name}: rebuilt as generation ${generation} in ${seconds} s, now serving\n`,
      );
    }
  } finally {
    redis.disconnect();
    await store.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else if ((error as { code?: string }).code === 'SQLITE_CANTOPEN') {
    console.error(
      'No event store found: check DATA_DIR (the service creates DATA_DIR/events.db on first start).',
    );
  } else console.error((error as Error).message);
  process.exit(1);
});
