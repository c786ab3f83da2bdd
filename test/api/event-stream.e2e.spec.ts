import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore, EventToAppend } from '@cl/event-store';
import { LiveStreams } from '../../apps/api/src/integration/live-streams';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { openSse, type SseFrame } from '../support/sse-client';
import { startTestApp } from '../support/test-app';

/**
 * GET /events/stream against the real service: catch-up then live without gap or duplicate,
 * resuming by Last-Event-ID, keep-alive comments, and a client that stops reading.
 */
describe('GET /events/stream (SQLite, Redis, real server)', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let store: EventStore;
  const auth = { authorization: `Bearer ${TOKENS.integrator}` };

  beforeAll(async () => {
    service = await startTestApp({ API_KEYS, SSE_KEEPALIVE_SECONDS: '0.2', SSE_STALL_SECONDS: '1' });
    store = service.app.get<EventStore>(EVENT_STORE);
  });
  afterAll(() => service.stop());

  const events = (count: number, type = 'ComplaintNoted', bytes = 0): EventToAppend[] =>
    Array.from({ length: count }, (_, index) => ({
      id: randomUUID(),
      type,
      data: { index, padding: 'x'.repeat(bytes) },
      metadata: {},
    }));

  /** The next `count` frames that carry an event; keep-alives and id-only frames are skipped. */
  async function takeEvents(frames: AsyncGenerator<SseFrame>, count: number) {
    const taken: { id: string; event: { position: string; streamId: string } }[] = [];
    while (taken.length < count) {
      const { value, done } = await frames.next();
      if (done) throw new Error(`the stream ended after ${taken.length} events`);
      if (value.data !== undefined) taken.push({ id: value.id!, event: JSON.parse(value.data) });
    }
    return taken;
  }

  it('catches up, goes live, and resumes exactly after Last-Event-ID', async () => {
    const start = await store.headPosition();
    await store.appendToStream('complaint-S-1', events(30));
    await store.appendToStream('subscription-S-1', events(3)); // internal: never streamed
    const first = await openSse(
      `${service.url}/events/stream?after=${start}&streamPrefix=complaint-S-`,
      auth,
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const catchUp = await takeEvents(first.frames, 30);
    const live = store.appendToStream('complaint-S-1', events(30));
    const beforeDrop = await takeEvents(first.frames, 10);
    await live;
    first.close(); // mid-stream: 20 of the live events were never read
    const lastId = beforeDrop[beforeDrop.length - 1].id;

    await store.appendToStream('complaint-S-2', events(10));
    const second = await openSse(`${service.url}/events/stream?streamPrefix=complaint-S-`, {
      ...auth,
      'last-event-id': lastId,
    });
    const resumed = await takeEvents(second.frames, 30);
    second.close();

    const received = [...catchUp, ...beforeDrop, ...resumed];
    for (const { id, event } of received) expect(id).toBe(event.position);
    const stored = (await store.readAll({ after: start, maxCount: 1000 })).filter((event) =>
      event.streamId.startsWith('complaint-S-'),
    );
    expect(received.map(({ id }) => id)).toEqual(stored.map((event) => event.position.toString()));
  });

  it('sends keep-alive comments, and an id-only frame once filtered-out events went by', async () => {
    const stream = await openSse(`${service.url}/events/stream?types=NeverSent`, auth);
    await store.appendToStream('complaint-K-1', events(5));
    const head = await store.headPosition();
    const frames: SseFrame[] = [];
    for await (const frame of stream.frames) {
      frames.push(frame);
      if (frame.id === head.toString()) break;
    }
    stream.close();
    expect(frames.some((frame) => frame.comments.includes('keep-alive'))).toBe(true);
    expect(frames.every((frame) => frame.data === undefined)).toBe(true);
  });

  it('a client that stops reading is paused, then disconnected; server buffers stay bounded', async () => {
    const liveStreams = service.app.get(LiveStreams);
    const port = new URL(service.url).port;
    const socket: Socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `GET /events/stream?after=${await store.headPosition()} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKENS.integrator}\r\n\r\n`,
    );
    socket.pause(); // never reads: the kernel's buffers fill, then the server's
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.on('error', () => undefined); // a reset by the server is an expected end here

    // About 40 MB of events: far more than any socket buffer holds.
    let maxBuffered = 0;
    const watch = setInterval(() => (maxBuffered = Math.max(maxBuffered, liveStreams.bufferedBytes())), 5);
    // (200 events a batch: one append may take at most 1 MiB.)
    for (let batch = 0; batch < 50; batch++) {
      await store.appendToStream(`complaint-B-${batch}`, events(200, 'ComplaintNoted', 4000));
    }
    // The server gives up on it after SSE_STALL_SECONDS (1 s); the client then reads what its
    // kernel buffers held, and finds the connection closed.
    while (liveStreams.count > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    let received = 0;
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    socket.resume();
    await closed;
    clearInterval(watch);
    expect(maxBuffered).toBeGreaterThan(0);
    // One socket buffer (16 KiB) plus the event that found it full.
    expect(maxBuffered).toBeLessThan(64 * 1024);
    expect(received).toBeLessThan(40_000_000);
  });

  it('refuses a malformed position, and needs the integrator role', async () => {
    const http = httpClient(service.url);
    for (const [path, headers] of [
      ['/events/stream?after=x', {}],
      ['/events/stream', { 'last-event-id': '-4' }],
      ['/events/stream', { 'last-event-id': '18446744073709551616' }],
    ] as const) {
      const answer = await http('GET', path, { token: TOKENS.integrator, headers });
      expect(answer.status).toBe(400);
    }
    expect((await http('GET', '/events/stream', { token: TOKENS.analyst })).status).toBe(403);
    expect((await http('GET', '/events/stream', { token: null })).status).toBe(401);
  });
});
