import { DomainError } from '@cl/domain';
import type { EventStore } from '@cl/event-store';
import { RevisionMismatchError, StreamWriter } from '@cl/commands';
import { makeTempDir } from '../support/temp-dir';
import { openTestStore } from '../support/test-store';

type Counted = { type: 'Counted'; data: { n: number } };
type Command = { type: string };

/** Optimistic concurrency when another process writes between our read and our append. */
describe('StreamWriter against a concurrent writer', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: EventStore;
  let writer: StreamWriter;
  const context = {
    actor: { id: 'agent-1', role: 'agent' as const },
    correlationId: 'c',
    causationId: 'k',
    occurredAt: '2026-03-01T00:00:00.000Z',
  };

  beforeEach(() => {
    dir = makeTempDir('writer');
    store = openTestStore(dir.path);
    writer = new StreamWriter(store);
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  /** Decides `Counted` with the count it saw; the first `interferences` decisions let another writer in first. */
  function counter(interferences: number) {
    let decisions = 0;
    return {
      command: { type: 'count' },
      streamId: 'counter-1',
      decider: {
        initialState: 0,
        evolve: (count: number) => count + 1,
        decide: (_command: Command, count: number): Counted[] => {
          decisions += 1;
          if (decisions <= interferences) {
            void store.appendToStream('counter-1', [{ type: 'Counted', data: { n: -1 } }]);
          }
          return [{ type: 'Counted', data: { n: count } }];
        },
      },
      decisions: () => decisions,
    };
  }

  it('decides again on fresh state when another writer got in first', async () => {
    const options = counter(2);
    const result = await writer.write({ ...options, context });
    expect(options.decisions()).toBe(3);
    expect(result.revision).toBe(2);
    const events = await store.readStream('counter-1');
    expect(events.map((event) => event.data.n)).toEqual([-1, -1, 2]);
  });

  it('starts a stream without reading it, and decides again on the stream as it is when it exists', async () => {
    const starter = (streamId: string) => ({
      command: { type: 'start' },
      streamId,
      decider: {
        initialState: 0,
        evolve: (count: number) => count + 1,
        decide: (_command: Command, count: number): Counted[] => {
          if (count > 0) throw new DomainError('conflict', `${streamId} exists`);
          return [{ type: 'Counted', data: { n: count } }];
        },
      },
      startsStream: true,
      context,
    });
    expect((await writer.write(starter('new-1'))).revision).toBe(0);
    // Written by another process: this writer has never seen it.
    await store.appendToStream('taken-1', [{ type: 'Counted', data: { n: -1 } }]);
    await expect(writer.write(starter('taken-1'))).rejects.toMatchObject({ kind: 'conflict' });
    expect((await store.readStream('taken-1')).map((event) => event.data.n)).toEqual([-1]);
  });

  it('gives up with a conflict after five lost races', async () => {
    const options = counter(100);
    await expect(writer.write({ ...options, context })).rejects.toMatchObject({ kind: 'conflict' });
    await expect(writer.write({ ...counter(100), context })).rejects.toBeInstanceOf(DomainError);
    expect((await store.readStream('counter-1')).every((event) => event.data.n === -1)).toBe(true);
  });

  it('answers a lost race under If-Match with a revision mismatch instead of retrying', async () => {
    const options = counter(1);
    const error = await writer
      .write({ ...options, context: { ...context, ifMatch: -1 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevisionMismatchError);
    expect(error).toMatchObject({ expectedRevision: -1, actualRevision: 0 });
    expect(options.decisions()).toBe(1);
  });
});

describe('StreamWriter state cache', () => {
  it('never refuses or decides on a state another process has changed since', async () => {
    const dir = makeTempDir('writer-cache');
    const store = openTestStore(dir.path);
    const writer = new StreamWriter(store);
    const context = {
      actor: { id: 'agent-1', role: 'agent' as const },
      correlationId: 'c',
      causationId: 'k',
      occurredAt: '2026-03-01T00:00:00.000Z',
    };
    type Toggled = { type: 'Toggled'; data: { on: boolean } };
    const switchDecider = (decide: (on: boolean) => Toggled[]) => ({
      initialState: false,
      evolve: (_on: boolean, event: Toggled) => event.data.on,
      decide: (_command: Command, on: boolean) => decide(on),
    });
    const toggle = (wanted: boolean) => ({
      command: { type: 'toggle' },
      streamId: 'switch-1',
      decider: switchDecider((on) => {
        if (on === wanted) throw new DomainError('conflict', `already ${wanted ? 'on' : 'off'}`);
        return [{ type: 'Toggled', data: { on: wanted } }];
      }),
      context,
    });
    try {
      await writer.write(toggle(true)); // cached: on
      await store.appendToStream('switch-1', [{ type: 'Toggled', data: { on: false } }]); // another process
      const result = await writer.write(toggle(true)); // the cache says "already on"; the stream says off
      expect(result.revision).toBe(2);
      await expect(writer.write(toggle(true))).rejects.toMatchObject({ kind: 'conflict' });
      expect((await store.readStream('switch-1')).map((event) => event.data.on)).toEqual([true, false, true]);

      // Deciding nothing rests on the stream as it is too (no append would check it): a
      // command that records only when it finds the switch off.
      const turnOnIfOff = {
        ...toggle(true),
        decider: switchDecider((on) => (on ? [] : [{ type: 'Toggled', data: { on: true } }])),
      };
      await store.appendToStream('switch-1', [{ type: 'Toggled', data: { on: false } }]); // another process
      expect((await writer.write(turnOnIfOff)).events).toHaveLength(1); // cached: on
      await store.appendToStream('switch-1', [{ type: 'Toggled', data: { on: false } }]); // another process
      const turned = await writer.write(turnOnIfOff); // the cache says on (nothing to do); the stream says off
      expect(turned.events.map((event) => event.data.on)).toEqual([true]);
      expect((await writer.write(turnOnIfOff)).events).toEqual([]);
      expect(await store.streamRevision('switch-1')).toBe(6);

      // A state folded for a command that recorded nothing is kept too, and stands only while
      // nobody wrote since: a writer of another process that has not seen the stream yet.
      const other = new StreamWriter(store);
      expect((await other.write(turnOnIfOff)).events).toEqual([]); // folded: on, kept
      await store.appendToStream('switch-1', [{ type: 'Toggled', data: { on: false } }]); // a third process
      expect((await other.write(turnOnIfOff)).events.map((event) => event.data.on)).toEqual([true]);
      expect(await store.streamRevision('switch-1')).toBe(8);
    } finally {
      await store.close();
      dir.remove();
    }
  });
});
