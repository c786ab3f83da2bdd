/**
 * Crash-test child: runs every projection of the service and event-counts over the store at
 * argv[2] into the Redis prefix argv[3], printing `ready`, then the slower checkpoint every
 * few milliseconds.
 */
import { dirname } from 'node:path';
import Redis from 'ioredis';
import { ProjectionRunner } from '@cl/projections';
import { PROJECTIONS } from '@cl/read-models';
import { eventCountsProjection } from './event-counts.projection';
import { openTestStore } from '../../support/test-store';

const [path, redisPrefix] = process.argv.slice(2);
// The test store of the data directory: SQLite's events.db in it, or its EventStoreDB namespace.
const store = openTestStore(dirname(path));
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const runner = new ProjectionRunner({
  store,
  redis,
  redisPrefix,
  projections: [...PROJECTIONS, eventCountsProjection],
  leaseMs: Number(process.env.LEASE_MS ?? 10_000),
});
runner.start();
process.stdout.write('ready\n');
setInterval(() => void runner.checkpoint().then((position) => process.stdout.write(`${position}\n`)), 5);
