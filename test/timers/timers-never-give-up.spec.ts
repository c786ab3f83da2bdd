import Database from 'better-sqlite3';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { StreamWriter, writeComplaintCommand, type CommandContext } from '@cl/commands';
import { complaintDecider, type ServiceLevels, type Severity } from '@cl/complaints';
import { eventIdAt, type EventStore } from '@cl/event-store';
import { assignNewStoreId, SqliteEventStore } from '@cl/event-store/sqlite';
import { deleteKeysUnder, RecoveryBoard, type Recovery } from '@cl/redis';
import { Worker } from 'bullmq';
import {
  ATTEMPTS_FOREVER,
  openTimersQueue,
  ServiceLevelTimers,
  TIMERS_QUEUE,
  TimerScheduler,
} from '@cl/timers';
import { makeTempDir } from '../support/temp-dir';
import { eventually, sleep } from '../support/eventually';

/**
 * docs/operations.md, State outside the log follows the log: timers never give up while their
 * cycle is open, never act before the recorded due time, and reconcile from the first event
 * when their checkpoint belongs to another store. The real BullMQ worker (ServiceLevelTimers),
 * the real Redis, a SQLite file; faults injected into the file (a trigger refusing writes).
 */
describe('timers that never give up and never act early', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const dir = makeTempDir('timers-never-give-up');
  const path = join(dir.path, 'events.db');
  const copyPath = join(dir.path, 'restored.db');
  const redis = new Redis(redisUrl);
  const queue = openTimersQueue(redisUrl, prefix);
  const board = new RecoveryBoard(redis, prefix);
  // Critical: due 1.8 s after filing; high: 3.6 s.
  const levels: ServiceLevels = {
    slaHours: { critical: 0.0005, high: 0.001, medium: 1, low: 1 },
    callbackDueHours: 1,
  };
  /** The RecoveryBoard, and what the timers marked on it. */
  const marks: string[] = [];
  const onBoard: Recovery[] = [];
  const recovery = {
    begin: async (component: string, reason: string) => {
      marks.push(`begin ${component}: ${reason}`);
      await board.begin(component, reason);
      onBoard.push(...(await board.list()));
    },
    end: async (component: string) => {
      marks.push(`end ${component}`);
      await board.end(component);
    },
  };
  let store: EventStore = SqliteEventStore.open({ path });
  let writer = new StreamWriter(store);
  let timers: ServiceLevelTimers;
  const startTimers = async (onReconcile?: (reason: string) => void) => {
    timers = new ServiceLevelTimers({
      onReconcile,
      store,
      queue,
      writer,
      redis,
      redisUrl,
      keyPrefix: prefix,
      levels,
      callbackMissedHours: 72,
      // The old budget was 10 attempts; these back off from 20 ms, capped at 100 ms.
      backoff: { firstMs: 20, maxMs: 100 },
      failedSweepMs: 300,
      recovery,
      stalledIntervalMs: 200,
    });
    timers.start();
    await timers.timerScheduler.ready;
  };
  beforeAll(async () => {
    // The first append starts the store's writer thread: on a loaded machine that takes
    // seconds, and a filing recorded after its deadline gets no timer (imported history).
    await store.appendToStream('warm-up', [{ type: 'WarmUp', data: {} }]);
    await startTimers();
  });
  afterAll(async () => {
    await timers.stop();
    await queue.close();
    await store.close();
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
    dir.remove();
  });

  const context = (): CommandContext => ({
    actor: { id: 'agent-1', role: 'agent' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
  });
  /** Files a complaint; its sla-deadline job id and due time. */
  async function file(id: string, severity: Severity): Promise<{ jobId: string; dueAt: string }> {
    const result = await writeComplaintCommand(
      writer,
      store,
      complaintDecider(levels),
      id,
      {
        type: 'file',
        complaintId: id,
        customerId: `CU-${id}`,
        channel: 'web',
        category: 'billing',
        severity,
        description: 'Charged twice',
      },
      context(),
    );
    const dueAt = (result.events[0].data as { resolutionDueAt: string }).resolutionDueAt;
    return { jobId: `sla-deadline_${id}_${Date.parse(dueAt)}`, dueAt };
  }
  const breaches = async (id: string, from: EventStore = store) =>
    (await from.readStream(`complaint-${id}`)).filter(
      (event) => event.type === 'ComplaintEscalated' && event.data.reason === 'sla_breach',
    );
  const withDb = (file: string, run: (db: Database.Database) => void) => {
    const db = new Database(file);
    try {
      run(db);
    } finally {
      db.close();
    }
  };
  const refuseEscalations = () =>
    withDb(path, (db) =>
      db.exec(`CREATE TRIGGER refuse_escalations BEFORE INSERT ON events WHEN NEW.type = 'ComplaintEscalated'
               BEGIN SELECT RAISE(ABORT, 'store refuses writes'); END`),
    );
  const allowEscalations = () => withDb(path, (db) => db.exec('DROP TRIGGER refuse_escalations'));
  /**
   * The timers' checkpoint once it has settled after a reconciliation: not reconciling, at a
   * position between `from` and the store's head (jobs of earlier tests may still escalate
   * and move the head), holding the id of the store's event there. A checkpoint written by
   * hand (no reconcileUpTo) must not pass for a settled one. Its position as text: a failed
   * comparison of bigints cannot be reported from a Jest worker.
   */
  const SETTLED = { reconciling: false, withinHead: true, eventIdIsTheStores: true };
  const settledCheckpoint = async (from: bigint) => {
    const read = async () => {
      const checkpoint = await timers.timerScheduler.checkpoint();
      const head = await store.headPosition();
      return {
        storeId: checkpoint?.storeId,
        position: checkpoint?.position.toString(),
        reconciling: checkpoint?.reconcileUpTo !== undefined,
        withinHead: checkpoint !== undefined && checkpoint.position >= from && checkpoint.position <= head,
        eventIdIsTheStores:
          checkpoint?.eventId !== undefined &&
          checkpoint.eventId === (await eventIdAt(store, checkpoint.position)),
      };
    };
    await eventually(async () => {
      const checkpoint = await read();
      return !checkpoint.reconciling && checkpoint.withinHead && checkpoint.eventIdIsTheStores;
    }, 15_000).catch(() => undefined);
    return read();
  };

  it('retries a deadline the store refuses for longer than the old budget of 10 attempts, then escalates once', async () => {
    refuseEscalations();
    const { jobId, dueAt } = await file('N-1', 'critical');
    try {
      await eventually(async () => ((await queue.getJob(jobId))?.attemptsMade ?? 0) >= 15, 20_000);
      const job = await queue.getJob(jobId);
      expect(job!.opts.attempts).toBe(ATTEMPTS_FOREVER);
      expect(job!.failedReason).toMatch(/store refuses writes/);
      expect(await queue.getJobState(jobId)).not.toBe('failed');
      expect(await breaches('N-1')).toEqual([]);
    } finally {
      allowEscalations();
    }
    await eventually(async () => (await breaches('N-1')).length > 0);
    await sleep(500);
    const [escalation, ...more] = await breaches('N-1');
    expect(more).toEqual([]);
    expect(escalation.metadata.occurredAt).toBe(dueAt);
    expect(await queue.getJobState(jobId)).toBe('completed');
  });

  it('a job run before its due time does nothing and runs again at due, acting once', async () => {
    const { jobId, dueAt } = await file('E-1', 'high');
    await eventually(async () => (await queue.getJobState(jobId)) === 'delayed');
    const earlyBefore = timers.ranEarly;
    // What a worker whose clock runs ahead does: takes the delayed job now.
    await (await queue.getJob(jobId))!.promote();
    await eventually(async () => timers.ranEarly > earlyBefore);
    await eventually(async () => (await queue.getJobState(jobId)) === 'delayed');
    expect(Date.now()).toBeLessThan(Date.parse(dueAt));
    expect(await breaches('E-1')).toEqual([]);
    expect((await queue.getJob(jobId))!.attemptsMade).toBe(0);
    await eventually(async () => (await breaches('E-1')).length > 0);
    const [escalation] = await breaches('E-1');
    expect(Date.parse(escalation.recordedAt)).toBeGreaterThanOrEqual(Date.parse(dueAt));
    await sleep(500);
    expect(await breaches('E-1')).toHaveLength(1);
  });

  it('re-creates a job that failed for good (added as the version before did) and acts once', async () => {
    refuseEscalations();
    const recreatedBefore = timers.jobsRecreated;
    try {
      const { jobId, dueAt } = await file('F-1', 'critical');
      await eventually(async () => (await queue.getJobState(jobId)) === 'delayed');
      // The job as the version before added it, with a budget that runs out.
      await (await queue.getJob(jobId))!.remove();
      await queue.add(
        'sla-deadline',
        { id: jobId, kind: 'sla-deadline', complaintId: 'F-1', dueAt, causationId: 'c', correlationId: 'c' },
        { jobId, delay: 0, attempts: 2, backoff: { type: 'fixed', delay: 10 }, removeOnFail: false },
      );
      // It fails for good, and the sweep of failed jobs gives it back, retried for ever.
      await eventually(async () => timers.jobsRecreated > recreatedBefore);
      await eventually(async () => (await queue.getJob(jobId))?.opts.attempts === ATTEMPTS_FOREVER);
      expect(await breaches('F-1')).toEqual([]);
    } finally {
      allowEscalations();
    }
    await eventually(async () => (await breaches('F-1')).length > 0);
    await sleep(500);
    expect(await breaches('F-1')).toHaveLength(1);
  });

  it('reconciles when the checkpoint is lost: vanished jobs come back (ahead, and due with the cycle open), done ones do not', async () => {
    const ahead = await file('V-ahead', 'high');
    const due = await file('V-due', 'critical');
    await eventually(async () => (await queue.getJobState(ahead.jobId)) === 'delayed');
    await eventually(async () => (await queue.getJobState(due.jobId)) === 'delayed');
    await (await queue.getJob(ahead.jobId))!.remove();
    await (await queue.getJob(due.jobId))!.remove();
    // The due one passes its deadline with no job.
    await eventually(async () => Date.now() > Date.parse(due.dueAt) + 200);
    expect(await breaches('V-due')).toEqual([]);
    const fromScratch = timers.startsFromScratch;
    marks.length = 0;
    await redis.del(timers.timerScheduler.checkpointKey);
    await eventually(async () => timers.startsFromScratch > fromScratch);
    await eventually(async () => (await breaches('V-due')).length > 0);
    await eventually(async () => (await breaches('V-ahead')).length > 0);
    await eventually(async () => (await board.list()).length === 0);
    expect(marks).toEqual([
      'begin timers: the timers checkpoint is missing (Redis lost its data, or a first start)',
      'end timers',
    ]);
    await sleep(500);
    for (const id of ['V-due', 'V-ahead', 'N-1', 'E-1', 'F-1']) expect(await breaches(id)).toHaveLength(1);
    const [escalation] = await breaches('V-ahead');
    expect(Date.parse(escalation.recordedAt)).toBeGreaterThanOrEqual(Date.parse(ahead.dueAt));
  });

  it('takes a job again however often it stalled (its holder died holding it), and acts once', async () => {
    const { jobId, dueAt } = await file('S-1', 'critical');
    await eventually(async () => (await queue.getJobState(jobId)) === 'delayed');
    await timers.stop();
    // A process that takes the job at its due time and dies holding it (its lock is never
    // renewed), the job having stalled 5 times before (BullMQ's default fails it at the 2nd).
    const holder = new Worker(TIMERS_QUEUE, null, {
      connection: { url: redisUrl, maxRetriesPerRequest: null },
      prefix: `${prefix}:bull`,
      lockDuration: 300,
      autorun: false,
    });
    await eventually(async () => Date.now() > Date.parse(dueAt) + 50);
    const taken = await holder.getNextJob('dead-holder', { block: false });
    expect(taken?.id).toBe(jobId);
    const jobKey = `${prefix}:bull:${TIMERS_QUEUE}:${jobId}`;
    await redis.hset(jobKey, 'stc', 5);
    await holder.close(true);
    expect(await breaches('S-1')).toEqual([]);
    await startTimers();
    await eventually(async () => (await breaches('S-1')).length > 0);
    await sleep(500);
    expect(await breaches('S-1')).toHaveLength(1);
    expect(await queue.getJobState(jobId)).toBe('completed');
    // Taken again as it was (BullMQ's default would fail it for good; the sweep of failed jobs
    // would then re-create it, a new job).
    expect(Number(await redis.hget(jobKey, 'stc'))).toBe(6);
    expect(timers.jobsRecreated).toBe(0);
  });

  it('stamps a checkpoint of the version before (a bare position) with the storeId, without reconciling', async () => {
    const storeId = await store.storeId();
    const head = await store.headPosition();
    await timers.stop();
    const scheduler = timers.timerScheduler;
    await redis.set(scheduler.checkpointKey, head.toString());
    await startTimers();
    expect(timers.startsFromScratch).toBe(0);
    expect(await settledCheckpoint(head)).toMatchObject({ storeId, ...SETTLED });
    // Beyond the head: another history.
    await timers.stop();
    await redis.set(scheduler.checkpointKey, (head + 100n).toString());
    const reasons: string[] = [];
    const bare = new TimerScheduler({
      store,
      queue,
      redis,
      keyPrefix: prefix,
      callbackMissedHours: 72,
      onReconcile: (reason) => reasons.push(reason),
    });
    bare.start();
    await bare.ready;
    await eventually(async () => (await bare.checkpoint())?.reconcileUpTo === undefined);
    await bare.stop();
    expect(reasons).toEqual([expect.stringMatching(/beyond the store's head/)]);
    await startTimers();
  });

  it('reconciles when the store holds another event at the checkpoint (an older copy put back by hand, written past the checkpoint)', async () => {
    const storeId = await store.storeId();
    const head = await store.headPosition();
    await timers.stop();
    // Same storeId, not beyond the head: only the event recorded at the position tells.
    await redis.set(
      timers.timerScheduler.checkpointKey,
      JSON.stringify({ storeId, position: head.toString(), eventId: randomUUID() }),
    );
    const reasons: string[] = [];
    await startTimers((reason) => reasons.push(reason));
    expect(reasons).toEqual([expect.stringMatching(/where the store holds another event/)]);
    expect(await settledCheckpoint(head)).toMatchObject({ storeId, ...SETTLED });
  });

  it('looks again where to start whenever Redis reconnects: a checkpoint then beyond the head reconciles', async () => {
    const storeId = await store.storeId();
    const head = await store.headPosition();
    const reasons: string[] = [];
    await timers.stop();
    await startTimers((reason) => reasons.push(reason));
    expect(reasons).toEqual([]);
    // This store's id, but beyond its head: only a fresh look at the head notices.
    const key = timers.timerScheduler.checkpointKey;
    await redis.set(key, JSON.stringify({ storeId, position: (head + 100n).toString() }));
    await sleep(1500);
    expect(reasons).toEqual([]);
    redis.disconnect(true);
    await eventually(async () => reasons.length === 1);
    expect(reasons[0]).toMatch(/beyond the store's head/);
    expect(await settledCheckpoint(head)).toMatchObject({ storeId, ...SETTLED });
  });

  it('a restored store (another storeId): reconciles from the first event; a job done in the other history acts again, a complaint it lacks records nothing', async () => {
    // R-1 is filed; the copy is taken before its deadline; the original escalates it.
    const restored = await file('R-1', 'critical');
    withDb(path, (db) => db.exec(`VACUUM INTO '${copyPath}'`));
    // Only in the original: its job is pending when the store is replaced.
    const gone = await file('R-gone', 'high');
    await eventually(async () => (await breaches('R-1')).length === 1);
    // The job appended the escalation; it completes a moment later.
    await eventually(async () => (await queue.getJobState(restored.jobId)) === 'completed');
    await timers.stop();
    await store.close();

    // What a restore does: the copy installed with a new storeId (docs/operations.md).
    withDb(copyPath, (db) => assignNewStoreId(db));
    store = SqliteEventStore.open({ path: copyPath });
    writer = new StreamWriter(store);
    expect(await breaches('R-1')).toEqual([]);
    const reasons: string[] = [];
    marks.length = 0;
    onBoard.length = 0;
    await startTimers((reason) => reasons.push(reason));
    expect(reasons).toEqual([expect.stringMatching(/recorded for store .*, but the store is/)]);
    expect(marks[0]).toBe(`begin timers: ${reasons[0]}`);
    expect(onBoard).toEqual([expect.objectContaining({ component: 'timers', reason: reasons[0] })]);
    await eventually(async () => (await breaches('R-1')).length > 0);
    await eventually(async () => (await queue.getJobState(gone.jobId)) === 'completed', 15_000);
    await eventually(async () => (await board.list()).length === 0);
    expect(marks.slice(0, 2)).toEqual([`begin timers: ${reasons[0]}`, 'end timers']);
    await sleep(500);
    expect(await breaches('R-1')).toHaveLength(1);
    // The complaint the restored store lacks: the job ran, recorded nothing, and did not fail.
    expect((await queue.getJob(gone.jobId))!.returnvalue).toEqual({ kind: 'sla-deadline', recorded: [] });
    expect(await store.readStream('complaint-R-gone')).toEqual([]);
    expect(await settledCheckpoint(1n)).toMatchObject({ storeId: await store.storeId(), ...SETTLED });
  });
});
