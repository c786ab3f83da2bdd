import { randomUUID } from 'node:crypto';
import { firstValueFrom, take, toArray } from 'rxjs';
import {
  recordedEventToJson,
  EventStoreValidationError,
  WrongExpectedRevisionError,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
} from '@cl/event-store';

/**
 * The behaviour every EventStore adapter must have. Each adapter's spec calls this with a
 * factory for a store; tests use streams under a prefix of their own, so an adapter may
 * share one database between tests. Where adapters differ, the test reads the store's
 * `capabilities` and checks what that adapter promises. `reopenStore` (for adapters that can
 * be restarted in a test) closes the store and opens the same database again.
 */
export function eventStoreContract(
  openStore: () => Promise<EventStore>,
  closeStore: () => Promise<void>,
  reopenStore?: () => Promise<EventStore>,
): void {
  let store: EventStore;
  let prefix: string;

  beforeEach(async () => {
    store = await openStore();
    prefix = `t${randomUUID().slice(0, 8)}-`;
  });
  afterEach(() => closeStore());

  const stream = (name: string) => `${prefix}${name}`;
  const event = (type: string, data: Record<string, unknown> = {}): EventToAppend => ({
    id: randomUUID(),
    type,
    data: data as EventToAppend['data'],
    metadata: { correlationId: 'c-1' },
  });
  const readOwn = async (): Promise<RecordedEvent[]> => {
    const all: RecordedEvent[] = [];
    let after = 0n;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 100, filter: { streamPrefix: prefix } });
      if (page.length === 0) return all;
      all.push(...page);
      after = page[page.length - 1].position;
    }
  };
  const expectConflict = async (
    append: Promise<unknown>,
    expected: unknown,
    actual: number | 'no_stream',
  ): Promise<void> => {
    const error = await append.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ expectedRevision: expected, actualRevision: actual });
  };

  describe('append', () => {
    it('records an event with every field, revision 0 first', async () => {
      const toAppend = event('ComplaintFiled', { complaintId: 'C-1', nested: { list: [1, 'two', null] } });
      const before = Date.now();
      const result = await store.appendToStream(stream('a'), [toAppend], { expectedRevision: 'no_stream' });
      expect(result.nextExpectedRevision).toBe(0);
      expect(typeof result.position).toBe('bigint');

      const [recorded] = await store.readStream(stream('a'));
      expect(plain(recorded)).toEqual({
        id: toAppend.id,
        streamId: stream('a'),
        revision: 0,
        position: result.position,
        type: 'ComplaintFiled',
        data: { complaintId: 'C-1', nested: { list: [1, 'two', null] } },
        metadata: { correlationId: 'c-1' },
        recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      });
      expect(Date.parse(recorded.recordedAt)).toBeGreaterThanOrEqual(before - 1000);
    });

    it('appends several events atomically with contiguous revisions and increasing positions', async () => {
      await store.appendToStream(stream('a'), [event('A')]);
      const result = await store.appendToStream(stream('a'), [event('B'), event('C'), event('D')], {
        expectedRevision: 0,
      });
      expect(result.nextExpectedRevision).toBe(3);
      const events = await store.readStream(stream('a'));
      expect(events.map((e) => [e.revision, e.type])).toEqual([
        [0, 'A'],
        [1, 'B'],
        [2, 'C'],
        [3, 'D'],
      ]);
      for (let i = 1; i < events.length; i++) expect(events[i].position > events[i - 1].position).toBe(true);
      expect(result.position).toBe(events[3].position);
    });

    it('serializes a recorded event to JSON with the position as a decimal string', async () => {
      const { position } = await store.appendToStream(stream('a'), [event('A', { n: 1 })]);
      const [recorded] = await store.readStream(stream('a'));
      const expected = {
        id: recorded.id,
        streamId: stream('a'),
        revision: 0,
        position: position.toString(),
        type: 'A',
        data: { n: 1 },
        metadata: { correlationId: 'c-1' },
        recordedAt: recorded.recordedAt,
      };
      expect(recordedEventToJson(recorded)).toEqual(expected);
      expect(JSON.parse(JSON.stringify(recordedEventToJson(recorded)))).toEqual(expected);
    });

    it('generates an event id when none is given', async () => {
      await store.appendToStream(stream('a'), [{ type: 'A', data: {} }]);
      const [recorded] = await store.readStream(stream('a'));
      expect(recorded.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(recorded.metadata).toEqual({});
    });

    it('checks every kind of expected revision, reporting expected and actual on a mismatch', async () => {
      const s = stream('a');
      await expectConflict(
        store.appendToStream(s, [event('A')], { expectedRevision: 'stream_exists' }),
        'stream_exists',
        'no_stream',
      );
      await expectConflict(store.appendToStream(s, [event('A')], { expectedRevision: 0 }), 0, 'no_stream');
      await store.appendToStream(s, [event('A')], { expectedRevision: 'no_stream' });
      await expectConflict(
        store.appendToStream(s, [event('B')], { expectedRevision: 'no_stream' }),
        'no_stream',
        0,
      );
      await expectConflict(store.appendToStream(s, [event('B')], { expectedRevision: 5 }), 5, 0);
      await store.appendToStream(s, [event('B')], { expectedRevision: 0 });
      await store.appendToStream(s, [event('C')], { expectedRevision: 'stream_exists' });
      await store.appendToStream(s, [event('D')], { expectedRevision: 'any' });
      await store.appendToStream(s, [event('E')]);
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E']);
      expect(await store.streamRevision(s)).toBe(4);
      expect(await store.streamRevision(stream('missing'))).toBe(-1);
    });

    it('lets exactly one of two racing writers win', async () => {
      const s = stream('race');
      await store.appendToStream(s, [event('Filed')]);
      const results = await Promise.allSettled(
        [1, 2].map(() => store.appendToStream(s, [event('Resolved')], { expectedRevision: 0 })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(rejected[0].reason).toMatchObject({ expectedRevision: 0, actualRevision: 1 });
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('lets exactly one of many writers create a stream with no_stream', async () => {
      const s = stream('create');
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          store.appendToStream(s, [event('Filed')], { expectedRevision: 'no_stream' }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await store.readStream(s)).toHaveLength(1);
    });

    it('keeps revisions contiguous under many concurrent appends with any', async () => {
      const s = stream('busy');
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.appendToStream(s, [event('E', { i })])));
      const events = await store.readStream(s);
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    });

    it('does not let one failing append spoil appends committed alongside it', async () => {
      await store.appendToStream(stream('x'), [event('A')]);
      const [good, bad, alsoGood] = await Promise.allSettled([
        store.appendToStream(stream('y'), [event('B')], { expectedRevision: 'no_stream' }),
        store.appendToStream(stream('x'), [event('C')], { expectedRevision: 'no_stream' }),
        store.appendToStream(stream('x'), [event('D')], { expectedRevision: 0 }),
      ]);
      expect(good.status).toBe('fulfilled');
      expect(bad.status).toBe('rejected');
      expect(alsoGood.status).toBe('fulfilled');
      expect((await store.readStream(stream('x'))).map((e) => e.type)).toEqual(['A', 'D']);
    });
  });

  describe('identity', () => {
    it('has one storeId, a UUID, the same on every call and after a reopen', async () => {
      const storeId = await store.storeId();
      expect(storeId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(await Promise.all([store.storeId(), store.storeId()])).toEqual([storeId, storeId]);
      await store.appendToStream(stream('identity'), [event('Happened')]);
      expect(await store.storeId()).toBe(storeId);
      if (reopenStore) {
        store = await reopenStore();
        expect(await store.storeId()).toBe(storeId);
      }
    });
  });

  describe('idempotent appends', () => {
    it('accepts a repeat of the same events at the same expected revision and writes nothing', async () => {
      const s = stream('idem');
      await store.appendToStream(s, [event('A')]);
      const events = [event('B'), event('C')];
      const first = await store.appendToStream(s, events, { expectedRevision: 0 });
      const again = await store.appendToStream(s, events, { expectedRevision: 0 });
      expect(again).toEqual(first);
      expect(await store.readStream(s)).toHaveLength(3);
    });

    it('accepts a repeat with expected revision any or no_stream', async () => {
      const s = stream('idem');
      const events = [event('A')];
      const first = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
      expect(await store.appendToStream(s, events, { expectedRevision: 'no_stream' })).toEqual(first);
      expect(await store.appendToStream(s, events, { expectedRevision: 'any' })).toEqual(first);
      expect(await store.readStream(s)).toHaveLength(1);
    });

    it('recognises a repeat with any after a restart exactly when the adapter promises it', async () => {
      const s = stream('idem');
      const events = [event('A'), event('B')];
      const first = await store.appendToStream(s, events, { expectedRevision: 'any' });
      if (!store.capabilities.durableIdempotenceWithoutRevision || !reopenStore) {
        // EventStoreDB keeps the ids it recognises in a bounded in-memory cache
        // (EventStore.Core/Services/Storage/ReaderIndex/IndexWriter.cs, CheckCommit): no test
        // can restart the server, so the promise it makes is only the one with a revision.
        expect(await store.appendToStream(s, events, { expectedRevision: 'no_stream' })).toEqual(first);
        return;
      }
      store = await reopenStore();
      expect(await store.appendToStream(s, events, { expectedRevision: 'any' })).toEqual(first);
      expect(await store.appendToStream(s, events, { expectedRevision: 'stream_exists' })).toEqual(first);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('recognises a repeat with an exact revision or no_stream after a restart', async () => {
      const s = stream('idem');
      const events = [event('A'), event('B')];
      const first = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
      const next = [event('C')];
      const second = await store.appendToStream(s, next, { expectedRevision: 1 });
      if (reopenStore) store = await reopenStore();
      expect(await store.appendToStream(s, events, { expectedRevision: 'no_stream' })).toEqual(first);
      expect(await store.appendToStream(s, next, { expectedRevision: 1 })).toEqual(second);
      expect(await store.readStream(s)).toHaveLength(3);
    });

    // Repeats that reach EventStoreDB before the original is indexed are dropped and time out
    // after 2 s (StorageWriterService.cs, CommitDecision.IdempotentNotReady): the adapter retries.
    it('answers a concurrent retry of one append with one write', async () => {
      const s = stream('idem');
      const events = [event('A'), event('B')];
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.appendToStream(s, events, { expectedRevision: 'no_stream' })),
      );
      for (const result of results) expect(result).toEqual(results[0]);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('refuses a partial overlap as a conflict and writes nothing', async () => {
      const s = stream('idem');
      const a = event('A');
      await store.appendToStream(s, [a], { expectedRevision: 'no_stream' });
      await expect(
        store.appendToStream(s, [a, event('B')], { expectedRevision: 'no_stream' }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream(s)).toHaveLength(1);
    });
  });

  describe('bad input', () => {
    const cases: [string, () => Promise<unknown>][] = [
      ['an empty stream name', () => store.appendToStream('', [event('A')])],
      ['a stream name over 200 characters', () => store.appendToStream('s'.repeat(201), [event('A')])],
      ['a stream name with a control character', () => store.appendToStream(`${prefix}a\nb`, [event('A')])],
      ['an empty event list', () => store.appendToStream(stream('a'), [])],
      ['data that is an array', () => store.appendToStream(stream('a'), [{ type: 'A', data: [] as never }])],
      ['data that is a string', () => store.appendToStream(stream('a'), [{ type: 'A', data: 'x' as never }])],
      ['data that is null', () => store.appendToStream(stream('a'), [{ type: 'A', data: null as never }])],
      [
        'metadata that is not an object',
        () => store.appendToStream(stream('a'), [{ type: 'A', data: {}, metadata: 1 as never }]),
      ],
      ['an empty event type', () => store.appendToStream(stream('a'), [{ type: '', data: {} }])],
      [
        'an event id that is not a UUID',
        () => store.appendToStream(stream('a'), [{ id: 'x', type: 'A', data: {} }]),
      ],
      [
        'an event over 1 MiB',
        () => store.appendToStream(stream('a'), [event('A', { blob: 'x'.repeat(1024 * 1024) })]),
      ],
      ['an event type starting with $', () => store.appendToStream(stream('a'), [event('$Hidden')])],
      [
        // EventStoreDB's MaxAppendSize (1 MiB) covers the whole append, not each event
        // (EventStore.Core/Services/Transport/Grpc/Streams.BatchAppend.cs).
        'an append of events over 1 MiB together',
        () =>
          store.appendToStream(stream('a'), [
            event('A', { blob: 'x'.repeat(600 * 1024) }),
            event('B', { blob: 'y'.repeat(600 * 1024) }),
          ]),
      ],
      [
        'an unknown expected revision',
        () => store.appendToStream(stream('a'), [event('A')], { expectedRevision: 'latest' as never }),
      ],
      [
        'a negative expected revision',
        () => store.appendToStream(stream('a'), [event('A')], { expectedRevision: -1 }),
      ],
      [
        'a fractional expected revision',
        () => store.appendToStream(stream('a'), [event('A')], { expectedRevision: 1.5 }),
      ],
    ];
    it.each(cases)('refuses %s with a validation error and writes nothing', async (_name, append) => {
      const headBefore = await store.headPosition();
      await expect(append()).rejects.toBeInstanceOf(EventStoreValidationError);
      expect(await store.headPosition()).toBe(headBefore);
      expect(await readOwn()).toEqual([]);
    });

    it('accepts an event of just under 1 MiB', async () => {
      await store.appendToStream(stream('a'), [{ type: 'A', data: { blob: 'x'.repeat(1024 * 1024 - 100) } }]);
      expect(await store.readStream(stream('a'))).toHaveLength(1);
    });

    it('refuses a batch with one bad event whole', async () => {
      await expect(
        store.appendToStream(stream('a'), [event('A'), { type: 'B', data: [] as never }]),
      ).rejects.toBeInstanceOf(EventStoreValidationError);
      expect(await store.readStream(stream('a'))).toEqual([]);
    });
  });

  describe('reading a stream', () => {
    beforeEach(async () => {
      await store.appendToStream(
        stream('r'),
        ['E0', 'E1', 'E2', 'E3', 'E4'].map((t) => event(t)),
      );
    });
    const types = (events: RecordedEvent[]) => events.map((e) => e.type);

    it('reads forwards from a revision with a count', async () => {
      expect(types(await store.readStream(stream('r'), { fromRevision: 1, maxCount: 2 }))).toEqual([
        'E1',
        'E2',
      ]);
      expect(types(await store.readStream(stream('r'), { fromRevision: 3 }))).toEqual(['E3', 'E4']);
    });

    it('reads backwards from a revision or from the end', async () => {
      expect(types(await store.readStream(stream('r'), { direction: 'backwards', maxCount: 2 }))).toEqual([
        'E4',
        'E3',
      ]);
      expect(types(await store.readStream(stream('r'), { direction: 'backwards', fromRevision: 1 }))).toEqual(
        ['E1', 'E0'],
      );
    });

    it('gives an empty list for a stream that does not exist', async () => {
      expect(await store.readStream(stream('none'))).toEqual([]);
    });

    it('finds an event of the stream by its id, and only in that stream', async () => {
      const [third] = await store.readStream(stream('r'), { fromRevision: 2, maxCount: 1 });
      const found = await store.findEvent(stream('r'), third.id, {
        recordedAfter: new Date(Date.now() - 60_000),
      });
      expect(found).toMatchObject({ id: third.id, type: 'E2', revision: 2, position: third.position });
      expect(await store.findEvent(stream('r'), randomUUID())).toBeUndefined();
      expect(await store.findEvent(stream('other'), third.id)).toBeUndefined();
    });
  });

  describe('reading everything', () => {
    it('pages through every event in position order without repeats or gaps', async () => {
      for (let i = 0; i < 7; i++) {
        await store.appendToStream(stream(`s${i % 3}`), [event(`E${i}`), event(`F${i}`)]);
      }
      const pages: RecordedEvent[][] = [];
      let after = 0n;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 4, filter: { streamPrefix: prefix } });
        if (page.length === 0) break;
        pages.push(page);
        after = page[page.length - 1].position;
      }
      const all = pages.flat();
      expect(all).toHaveLength(14);
      expect(pages.slice(0, -1).every((page) => page.length === 4)).toBe(true);
      for (let i = 1; i < all.length; i++) expect(all[i].position > all[i - 1].position).toBe(true);
      expect(all.map((e) => e.type)).toEqual(Array.from({ length: 7 }, (_, i) => [`E${i}`, `F${i}`]).flat());
    });

    it('filters by event type and by stream prefix', async () => {
      await store.appendToStream(stream('complaint-1'), [
        event('ComplaintFiled'),
        event('ComplaintResolved'),
      ]);
      await store.appendToStream(stream('customer-1'), [event('PurchaseRecorded')]);
      await store.appendToStream(stream('complaint-2'), [event('ComplaintFiled')]);
      const byType = await store.readAll({
        filter: { streamPrefix: prefix, eventTypes: ['ComplaintFiled', 'PurchaseRecorded'] },
      });
      expect(byType.map((e) => e.type)).toEqual(['ComplaintFiled', 'PurchaseRecorded', 'ComplaintFiled']);
      const byPrefix = await store.readAll({ filter: { streamPrefix: stream('complaint-') } });
      expect(byPrefix.map((e) => e.streamId)).toEqual([
        stream('complaint-1'),
        stream('complaint-1'),
        stream('complaint-2'),
      ]);
    });

    it('reports the head position', async () => {
      const result = await store.appendToStream(stream('h'), [event('A'), event('B')]);
      expect(await store.headPosition()).toBe(result.position);
    });

    // More than one server page (1,000 records): the next page must start where the last
    // ended, at a position the server accepts (Transport/Common/Position.cs refuses commit <
    // prepare, and AllReader.cs reports a gRPC append's events at commit = prepare).
    it('reads on past a page of 1,000 events', async () => {
      const { position: before } = await store.appendToStream(stream('m'), [event('Start')]);
      for (let batch = 0; batch < 11; batch++) {
        await store.appendToStream(
          stream('m'),
          Array.from({ length: 100 }, (_, i) => event('E', { n: batch * 100 + i })),
        );
      }
      const page = await store.readAll({ after: before, maxCount: 5000, filter: { streamPrefix: prefix } });
      expect(page.map((e) => e.data.n)).toEqual(Array.from({ length: 1100 }, (_, n) => n));
      expect(await readOwn()).toHaveLength(1101);
    });

    it('scans with a filter, telling how far it looked, so the next scan neither repeats nor skips', async () => {
      const { position: before } = await store.appendToStream(stream('scan-a'), [event('A0')]);
      await store.appendToStream(stream('scan-b'), [event('B0'), event('B1'), event('B2')]);
      await store.appendToStream(stream('scan-a'), [event('A1')]);
      await store.appendToStream(stream('scan-b'), [event('B3'), event('B4')]);
      const filter = { streamPrefix: stream('scan-b') };
      const first = await store.scanAll({ after: before, maxCount: 3, filter, scanLimit: 1000 });
      expect(first.events.map((e) => e.type)).toEqual(['B0', 'B1', 'B2']);
      // A full page looked no further than its last event.
      expect(first.examinedUpTo).toBe(first.events[2].position);
      const second = await store.scanAll({ after: first.examinedUpTo, maxCount: 3, filter, scanLimit: 1000 });
      expect(second.events.map((e) => e.type)).toEqual(['B3', 'B4']);
      expect(second.examinedUpTo >= second.events[1].position).toBe(true);
      const third = await store.scanAll({ after: second.examinedUpTo, maxCount: 3, filter, scanLimit: 1000 });
      expect(third.events).toEqual([]);
      expect(third.examinedUpTo >= second.examinedUpTo).toBe(true);
    });

    it('stops a scan of a rare selection after its limit and goes on from there', async () => {
      const { position: before } = await store.appendToStream(stream('rare-a'), [event('Start')]);
      await store.appendToStream(
        stream('rare-a'),
        Array.from({ length: 10 }, (_, n) => event('Common', { n })),
      );
      const { position: rare } = await store.appendToStream(stream('rare-b'), [event('Rare')]);
      const filter = { streamPrefix: stream('rare-b') };
      let after = before;
      let scans = 0;
      const found: RecordedEvent[] = [];
      while (found.length === 0) {
        const scan = await store.scanAll({ after, maxCount: 5, filter, scanLimit: 4 });
        scans += 1;
        expect(scan.examinedUpTo > after).toBe(true);
        found.push(...scan.events);
        after = scan.examinedUpTo;
        expect(scans).toBeLessThan(20);
      }
      // Eleven events to look past, four at a time at most.
      expect(scans).toBeGreaterThanOrEqual(3);
      expect(found.map((e) => e.position)).toEqual([rare]);
      await expect(store.scanAll({ after, maxCount: 5, filter, scanLimit: 0 })).rejects.toBeInstanceOf(
        EventStoreValidationError,
      );
    });

    it('counts the events between two positions, up to a limit', async () => {
      await store.appendToStream(stream('c'), [event('A'), event('B'), event('C'), event('D'), event('E')]);
      const [a, b, , , e] = await store.readStream(stream('c'));
      expect(await store.countEvents(a.position, e.position, 100)).toBe(4);
      expect(await store.countEvents(b.position, e.position, 2)).toBe(2);
      expect(await store.countEvents(e.position, e.position, 100)).toBe(0);
      expect(await store.countEvents(e.position, a.position, 100)).toBe(0);
      const head = await store.headPosition();
      expect(await store.countEvents(0n, head, 3)).toBe(3);
    });
  });

  describe('subscribing to everything', () => {
    it('catches up and goes live with no gap and no duplicate while appends run', async () => {
      for (let i = 0; i < 30; i++) await store.appendToStream(stream(`s${i % 4}`), [event('Before', { i })]);
      const subscription = store.subscribeToAll({ filter: { streamPrefix: prefix } });
      const total = 30 + 200;
      const writing = (async () => {
        for (let i = 0; i < 100; i++) {
          await Promise.all([
            store.appendToStream(stream(`s${i % 4}`), [event('During', { i })]),
            store.appendToStream(stream(`t${i % 3}`), [event('During', { i })]),
          ]);
        }
      })();
      const received: RecordedEvent[] = [];
      for await (const recorded of subscription) {
        received.push(recorded);
        if (received.length === total) break;
      }
      await writing;
      const stored = await readOwn();
      expect(stored).toHaveLength(total);
      expect(received.map((e) => e.position)).toEqual(stored.map((e) => e.position));
      expect(received.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    });

    it('starts after a given position', async () => {
      await store.appendToStream(stream('a'), [event('A'), event('B')]);
      const { position } = await store.appendToStream(stream('a'), [event('C')]);
      await store.appendToStream(stream('a'), [event('D')]);
      const subscription = store.subscribeToAll({ after: position, filter: { streamPrefix: prefix } });
      const [first] = await firstN(subscription, 1);
      expect(first.type).toBe('D');
    });

    it('filters by event type while going live', async () => {
      const subscription = store.subscribeToAll({ filter: { streamPrefix: prefix, eventTypes: ['Wanted'] } });
      const received = firstN(subscription, 3);
      for (let i = 0; i < 3; i++) {
        await store.appendToStream(stream('f'), [event('Other'), event('Wanted', { i }), event('Other')]);
      }
      expect((await received).map((e) => e.data)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    });

    it('offers the events as an rxjs Observable', async () => {
      await store.appendToStream(stream('o'), [event('A'), event('B')]);
      const events = firstValueFrom(
        store
          .subscribeToAll({ filter: { streamPrefix: prefix } })
          .asObservable()
          .pipe(take(3), toArray()),
      );
      await store.appendToStream(stream('o'), [event('C')]);
      expect((await events).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    });

    it('ends a waiting iteration when closed', async () => {
      const subscription = store.subscribeToAll({ filter: { streamPrefix: prefix } });
      const iterator = subscription[Symbol.asyncIterator]();
      const next = iterator.next();
      subscription.close();
      await expect(next).resolves.toEqual({ done: true, value: undefined });
    });
  });
}

/** The event's fields as a plain object (adapters may return data and metadata as getters). */
function plain(event: RecordedEvent): RecordedEvent {
  const { id, streamId, revision, position, type, data, metadata, recordedAt } = event;
  return { id, streamId, revision, position, type, data, metadata, recordedAt };
}

async function firstN(subscription: AsyncIterable<RecordedEvent>, count: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of subscription) {
    events.push(event);
    if (events.length === count) break;
  }
  return events;
}
