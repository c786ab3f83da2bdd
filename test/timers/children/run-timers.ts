/**
 * Crash-test child: runs the service-level timers (scheduler, promoter, worker) over the test
 * store of DATA_DIR into the Redis prefix argv[2], with the service levels argv[3] (JSON) and
 * a promotion horizon of argv[4] ms, printing `ready` once they reached Redis.
 */
import Redis from 'ioredis';
import { StreamWriter } from '@cl/commands';
import type { ServiceLevels } from '@cl/complaints';
import { openTimersQueue, ServiceLevelTimers } from '@cl/timers';
import { openTestStore } from '../../support/test-store';

const [keyPrefix, levels, horizonMs] = process.argv.slice(2);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const store = openTestStore(process.env.DATA_DIR!);
const redis = new Redis(redisUrl);
const timers = new ServiceLevelTimers({
  store,
  queue: openTimersQueue(redisUrl, keyPrefix),
  writer: new StreamWriter(store),
  redis,
  redisUrl,
  keyPrefix,
  levels: JSON.parse(levels) as ServiceLevels,
  callbackMissedHours: 72,
  promotionHorizonMs: Number(horizonMs),
  promoteEveryMs: 50,
  // A job its killed holder held is taken again within ~2.5 s.
  lockDurationMs: 2000,
  stalledIntervalMs: 500,
  onError: (error) => process.stderr.write(`${(error as Error).message}\n`),
});
timers.start();
void timers.timerScheduler.ready.then(() => process.stdout.write('ready\n'));
