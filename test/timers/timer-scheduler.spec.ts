import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Clock } from '@cl/domain';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import type { RecordedEvent } from '@cl/event-store';
import { deleteKeysUnder } from '@cl/redis';
import {
  addTimerJobs,
  DEFAULT_TIMER_BACKOFF,
  DueTimeIndex,
  openTimersQueue,
  SENTINEL_JOB_ID,
  TimerPromoter,
  TimerScheduler,
  timersFiredKey,
  timersSetBy,
  type TimerJob,
} from '@cl/timers';
import { makeTempDir } from '../support/temp-dir';
import { eventually } from '../support/eventually';

// A day ahead of the real clock: events recorded now are recorded before every deadline below.
const T0 = Math.floor(Date.now() / 60_000) * 60_000 + 24 * 3_600_000;
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** A recorded complaint event as the store gives it, recorded at `recordedAt`. */
function recorded(type: string, data: object, occurredAt: string, recordedAt: string): RecordedEvent {
  return {
    id: randomUUID(),
    streamId: 'complaint-C-1',
    revision: 0,
    position: 1n,
    type,
    data: data as RecordedEvent['data'],
    metadata: { occurredAt, correlationId: 'corr-1' },
    recordedAt,
  };
}

describe('timersSetBy: which deadlines get a timer', () => {
  it('sets the cycle deadline at filing and reopening, with a deterministic id and its cause', () => {
    const filed = recorded('ComplaintFiled', { resolutionDueAt: at(240) }, at(0), at(0));
    expect(timersSetBy(filed, 72)).toEqual([
      {
        id: `sla-deadline_C-1_${Date.parse(at(240))}`,
        kind: 'sla-deadline',
        complaintId: 'C-1',
        dueAt: at(240),
        causationId: filed.id,
        correlationId: 'corr-1',
      },
    ]);
    const reopened = recorded('ComplaintReopened', { resolutionDueAt: at(300) }, at(60), at(60));
    expect(timersSetBy(reopened, 72).map((timer) => [timer.kind, timer.dueAt])).toEqual([
      ['sla-deadline', at(300)],
    ]);
  });

  it('sets the policy targets: acknowledge and final response at filing, resumes, extensions', () => {
    const filed = recorded(
      'ComplaintFiled',
      { resolutionDueAt: at(240), acknowledgeDueAt: at(60), finalResponseDueAt: at(900) },
      at(0),
      at(0),
    );
    expect(timersSetBy(filed, 72).map((timer) => [timer.kind, timer.dueAt])).toEqual([
      ['sla-deadline', at(240)],
      ['ack-deadline', at(60)],
      ['final-response-deadline', at(900)],
    ]);
    // The resume's timer id carries its revision: a due time already acted on gets a new timer.
    const resumed = {
      ...recorded('ComplaintResumed', { resolutionDueAt: at(240) }, at(100), at(100)),
      revision: 3,
    };
    expect(timersSetBy(resumed, 72)).toEqual([
      expect.objectContaining({ id: `sla-deadline_C-1_${Date.parse(at(240))}_r3`, kind: 'sla-deadline' }),
    ]);
    const extended = recorded(
      'ResponseDeadlineExtended',
      { extension: 1, finalResponseDueAt: at(1800) },
      at(5),
      at(5),
    );
    expect(timersSetBy(extended, 72).map((timer) => [timer.kind, timer.dueAt])).toEqual([
      ['final-response-deadline', at(1800)],
    ]);
    // A pause sets nothing: the cycle's timer records nothing while paused.
    expect(timersSetBy(recorded('ComplaintPaused', { resolveLeftMs: 1 }, at(5), at(5)), 72)).toEqual([]);
  });

  it('sets the call-back reminder and the missed call-back at a resolution', () => {
    const resolved = recorded('ComplaintResolved', { callbackDueAt: at(24 * 60 + 10) }, at(10), at(10));
    expect(timersSetBy(resolved, 72).map((timer) => [timer.kind, timer.dueAt, timer.resolvedAt])).toEqual([
      ['callback-due', at(24 * 60 + 10), at(10)],
      ['callback-missed', at(72 * 60 + 10), at(10)],
    ]);
  });

  it('sets none for a deadline already past when the event was recorded (imported history)', () => {
    expect(timersSetBy(recorded('ComplaintFiled', { resolutionDueAt: at(240) }, at(0), at(241)), 72)).toEqual(
      [],
    );
    // Exactly at the deadline is not in the future either.
    expect(timersSetBy(recorded('ComplaintFiled', { resolutionDueAt: at(240) }, at(0), at(240)), 72)).toEqual(
      [],
    );
    const lateResolution = recorded('ComplaintResolved', { callbackDueAt: at(24 * 60) }, at(0), at(30 * 60));
    expect(timersSetBy(lateResolution, 72).map((timer) => timer.kind)).toEqual(['callback-missed']);
    expect(timersSetBy(recorded('ComplaintAssigned', { agentId: 'A' }, at(0), at(0)), 72)).toEqual([]);
  });
});

describe('TimerScheduler and TimerPromoter against the real Redis and a SQLite store, on a clock the test controls', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const dir = makeTempDir('scheduler');
  const store = SqliteEventStore.open({ path: join(dir.path, 'events.db') });
  const redis = new Redis(redisUrl);
  const queue = openTimersQueue(redisUrl, prefix);
  const index = new DueTimeIndex(redis, prefix);
  // "Now" as far as the scheduler and the promoters know; the tests move it.
  let now = Date.parse(at(0));
  const clock: Clock = { now: () => now };
  afterAll(async () => {
    await queue.close();
    await store.close();
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
    dir.remove();
  });

  const scheduler = () =>
    new TimerScheduler({ store, queue, redis, keyPrefix: prefix, callbackMissedHours: 72, clock });
  const promoter = (wouldAct?: (timer: TimerJob) => Promise<boolean>) =>
    new TimerPromoter({
      index,
      queue,
      clock,
      backoff: DEFAULT_TIMER_BACKOFF,
      everyMs: 50,
      wouldAct,
    });
  const timer = (id: string, kind: TimerJob['kind'], dueAt: string): TimerJob => ({
    id,
    kind,
    complaintId: id,
    dueAt,
    causationId: 'cause',
    correlationId: 'corr',
  });
  // Due an hour after "now": beyond the 5 min horizon.
  const laterId = `sla-deadline_S-1_${Date.parse(at(60))}`;
  // Due in 3 min: within it.
  const nearId = `sla-deadline_S-2_${Date.parse(at(3))}`;
  // A call-back reminder due in 2 min: counted when due, never a job.
  const reminderId = `callback-due_S-3_${Date.parse(at(2))}`;
  const takenAt = (id: string) => redis.zscore(index.dueKey, id);

  it('adds a deadline within the horizon as a delayed job, and one beyond it and every reminder to the due-time index, each once however many schedule', async () => {
    await store.appendToStream('complaint-S-1', [
      { type: 'ComplaintFiled', data: { resolutionDueAt: at(60) }, metadata: { occurredAt: at(0) } },
    ]);
    await store.appendToStream('complaint-S-2', [
      { type: 'ComplaintFiled', data: { resolutionDueAt: at(3) }, metadata: { occurredAt: at(0) } },
    ]);
    await store.appendToStream('complaint-S-3', [
      { type: 'ComplaintResolved', data: { callbackDueAt: at(2) }, metadata: { occurredAt: at(0) } },
    ]);
    const one = scheduler();
    const other = scheduler();
    one.start();
    other.start();
    await eventually(async () => (await one.checkpoint())?.position === 3n);
    await eventually(async () => (await queue.getJob(nearId)) !== undefined);
    const near = await queue.getJob(nearId);
    expect(near!.opts.delay).toBe(3 * 60_000);
    expect(near!.data).toMatchObject({ kind: 'sla-deadline', complaintId: 'S-2', dueAt: at(3) });
    expect(await queue.getJob(laterId)).toBeUndefined();
    expect(await queue.getJob(reminderId)).toBeUndefined();
    expect([...(await index.holding([laterId, nearId, reminderId]))]).toEqual([laterId, reminderId]);
    // Taken: the deadline 5 min before it is due, the reminder when it is due.
    expect(Number(await takenAt(laterId))).toBe(Date.parse(at(55)));
    expect(Number(await takenAt(reminderId))).toBe(Date.parse(at(2)));
    expect(await index.size()).toBe(3); // and the resolution's callback-missed, 72 h ahead
    expect(await queue.getDelayedCount()).toBe(2); // the near job and the sentinel
    await Promise.all([one.stop(), other.stop()]);
  });

  it('counts a reminder as fired when it is due, and hands a deadline to BullMQ once within the horizon, delayed by the time left', async () => {
    const fired = async () => Number(await redis.hget(timersFiredKey(prefix), 'callback-due'));
    const promoting = promoter();
    await promoting.promoteDue();
    expect([promoting.promoted, promoting.remindersCounted, await fired()]).toEqual([0, 0, 0]);
    now = Date.parse(at(2));
    await promoting.promoteDue();
    expect([promoting.promoted, promoting.remindersCounted, await fired()]).toEqual([0, 1, 1]);
    expect(await queue.getJob(reminderId)).toBeUndefined();
    now = Date.parse(at(56));
    await promoting.promoteDue();
    const job = await queue.getJob(laterId);
    expect(job!.opts.delay).toBe(4 * 60_000);
    expect(job!.data).toMatchObject({ kind: 'sla-deadline', complaintId: 'S-1', dueAt: at(60) });
    expect(promoting.promoted).toBe(1);
    await promoting.promoteDue();
    expect([promoting.promoted, promoting.remindersCounted, await fired()]).toEqual([1, 1, 1]);
    // Left: the resolution's callback-missed, 72 h ahead (out of the way of the tests below).
    expect(await index.size()).toBe(1);
    await index.remove(await redis.zrange(index.dueKey, '0', '-1'));
  });

  it('drops a deadline whose complaint would no longer act', async () => {
    const movedOn = timer('sla-deadline_M-1', 'sla-deadline', at(58));
    await index.add([{ timer: movedOn, takeAt: Date.parse(at(53)) }]);
    const asked: string[] = [];
    const promoting = promoter(async (asking) => (asked.push(asking.id), false));
    await promoting.promoteDue();
    expect(asked).toEqual([movedOn.id]);
    expect(await queue.getJob(movedOn.id)).toBeUndefined();
    expect(promoting.droppedAsMovedOn).toBe(1);
    expect(await index.size()).toBe(0);
  });

  it('adds each job once when promoters race, and when one died between adding the jobs and taking them out of the index', async () => {
    const timers = Array.from({ length: 450 }, (_, i) =>
      timer(`sla-deadline_R-${i}`, 'sla-deadline', at(59)),
    );
    await index.add(timers.map((each) => ({ timer: each, takeAt: Date.parse(at(54)) })));
    // What a promoter that died after adding the first 100 jobs left: jobs and entries both there.
    await addTimerJobs(queue, timers.slice(0, 100), now, DEFAULT_TIMER_BACKOFF);
    const addedBefore = (await queue.getJob(timers[0].id))!.timestamp;
    const delayedBefore = await queue.getDelayedCount();
    const racing = [promoter(async () => true), promoter(async () => true)];
    await Promise.all(racing.map((each) => each.promoteDue()));
    expect(await queue.getDelayedCount()).toBe(delayedBefore + 350);
    expect((await queue.getJob(timers[0].id))!.timestamp).toBe(addedBefore);
    expect(await index.size()).toBe(0);
  });

  it('stops when stopped as its reconciliation ends (before it follows new events)', async () => {
    let stopping: Promise<void> | undefined;
    const stopped = new TimerScheduler({
      store,
      queue,
      redis,
      keyPrefix: `${prefix}:stop`,
      callbackMissedHours: 72,
      clock,
      // Stopped between the end of the reconciliation and the start of following.
      recovery: { begin: async () => undefined, end: async () => void (stopping ??= stopped.stop()) },
    });
    stopped.start();
    await eventually(async () => stopping !== undefined);
    let deadline: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      stopping!.then(() => 'ended'),
      new Promise((resolve) => (deadline = setTimeout(() => resolve('still running'), 5000))),
    ]);
    clearTimeout(deadline);
    expect(ended).toBe('ended');
  });

  it('notices while running that the queue lost its data, and schedules again from the first event: the later deadline back in the index, not in BullMQ', async () => {
    now = Date.parse(at(0));
    const running = scheduler();
    running.start();
    await running.ready;
    expect(running.startsFromScratch).toBe(0);
    // What a Redis restart without persistence does to this service's keys.
    await deleteKeysUnder(redis, prefix);
    // At least once: deleteKeysUnder scans the whole shared Redis a page at a time, and may
    // delete what the first reconciliation wrote, which makes it reconcile again.
    await eventually(
      async () =>
        running.startsFromScratch >= 1 &&
        (await index.holding([laterId])).has(laterId) &&
        (await queue.getJob(nearId)) !== undefined &&
        (await queue.getJob(SENTINEL_JOB_ID)) !== undefined,
    );
    expect(await queue.getJob(laterId)).toBeUndefined();
    await running.stop();
  });
});
