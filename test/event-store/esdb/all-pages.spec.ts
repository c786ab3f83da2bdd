import { eventsAfter, eventsFromEnd } from '../../../libs/event-store/src/esdb/all-pages';
import { FakeAllLog } from './fake-all-log';

// The paging of `$all` that EsdbEventStore's readAll, countEvents and headPosition rest on,
// against an in-memory log with the server's rules (see FakeAllLog).
describe('paging $all on EventStoreDB', () => {
  const collect = async <T>(events: AsyncIterable<T>): Promise<T[]> => {
    const all: T[] = [];
    for await (const event of events) all.push(event);
    return all;
  };

  it('refuses a start position whose commit is below its prepare, as the server does', async () => {
    const log = new FakeAllLog<number>();
    log.add(0);
    expect(() => log.readPage({ commit: 0n, prepare: 1n }, 'forwards', 10)).toThrow(
      'commit position cannot be less than the prepare position',
    );
  });

  it('reads on across pages, each starting at the last record, with every event once', async () => {
    const log = new FakeAllLog<number>();
    for (let n = 0; n < 2_500; n++) {
      log.add(n);
      if (n % 7 === 0) log.add(undefined, 40); // system events between, of other sizes
    }
    expect(await collect(eventsAfter(log.readPage, 0n, 1000))).toEqual(
      Array.from({ length: 2500 }, (_, n) => n),
    );
    expect(log.reads).toBeGreaterThanOrEqual(3);
  });

  it('starts after a given position, skipping the event at it', async () => {
    const log = new FakeAllLog<string>();
    log.add('a');
    const b = log.add('b');
    log.add('c');
    log.add('d');
    expect(await collect(eventsAfter(log.readPage, b, 2))).toEqual(['c', 'd']);
  });

  it('ends on a page of hidden events without stopping early', async () => {
    const log = new FakeAllLog<string>();
    log.add('first');
    for (let i = 0; i < 1_500; i++) log.add(undefined);
    log.add('last');
    expect(await collect(eventsAfter(log.readPage, 0n, 1000))).toEqual(['first', 'last']);
  });

  it('finds the last visible event behind more than a page of system events', async () => {
    const log = new FakeAllLog<string>();
    log.add('older');
    log.add('newest');
    for (let i = 0; i < 2_100; i++) log.add(undefined, 30);
    const [newest] = await collect(eventsFromEnd(log.readPage, 1000));
    expect(newest).toBe('newest');
    expect(await collect(eventsFromEnd(log.readPage, 1000))).toEqual(['newest', 'older']);
  });

  it('cancels the open read when the consumer stops early', async () => {
    const log = new FakeAllLog<number>();
    for (let n = 0; n < 50; n++) log.add(n);
    for await (const event of eventsAfter(log.readPage, 0n, 1000)) if (event === 3) break;
    expect(log.cancelled).toBe(1);
    await collect(eventsAfter(log.readPage, 0n, 1000));
    expect(log.cancelled).toBe(1);
  });

  it('refuses a page size that could not move on', async () => {
    const log = new FakeAllLog<number>();
    await expect(eventsAfter(log.readPage, 0n, 1).next()).rejects.toThrow(RangeError);
  });
});
