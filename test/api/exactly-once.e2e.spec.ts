import Database from 'better-sqlite3';
import Redis from 'ioredis';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore, RecordedEvent } from '@cl/event-store';
import { API_KEYS, httpClient, type HttpAnswer } from '../support/http-client';
import { startTestApp } from '../support/test-app';
import { itSqliteFile } from '../support/test-store';

/**
 * Keyed commands are recorded once, also when the first attempt's answer was never stored
 * (the process died, the client gave up, Redis failed after the commit): the retry finds
 * the first attempt's events and answers as it would have. Losing the stored answer is
 * done here by deleting it from Redis, as a crash between the append and the store would.
 */
describe('Idempotency-Key: exactly once across lost answers and slow attempts', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;
  let store: EventStore;
  let redis: Redis;

  beforeAll(async () => {
    service = await startTestApp({ API_KEYS, IDEMPOTENCY_LOCK_SECONDS: '0.3' });
    http = httpClient(service.url);
    store = service.app.get(EVENT_STORE);
    redis = new Redis(service.config.redisUrl);
  });
  afterAll(async () => {
    redis.disconnect();
    await service.stop();
  });

  /** Forgets every stored answer of this service, as if each request had died after its append. */
  async function loseStoredAnswers(): Promise<void> {
    const keys = await redis.keys(`${service.config.redisPrefix}:idempotency:*:answer`);
    if (keys.length > 0) await redis.del(...keys);
  }
  const keyed = (key: string, body: unknown) => ({ body, headers: { 'idempotency-key': key } });
  const complaint = {
    customerId: 'CU-ONCE',
    channel: 'web',
    category: 'delivery',
    severity: 'high',
    description: 'Parcel lost',
  };
  const sameAnswer = (retry: HttpAnswer, first: HttpAnswer) => {
    expect(retry.status).toBe(first.status);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
  };
  const eventsOf = (streamId: string): Promise<RecordedEvent[]> => store.readStream(streamId);
  /** Events written after `head`, but the early-warning reactor's (it acts on its own). */
  const writtenSince = async (head: bigint): Promise<string[]> =>
    (await store.readAll({ after: head }))
      .map((event) => event.type)
      .filter((type) => type !== 'CustomerRiskChanged');

  it('files a complaint without an id once: the retry after a lost answer names the same complaint', async () => {
    const first = await http('POST', '/complaints', keyed('file-once', complaint));
    expect(first.status).toBe(201);
    const head = await store.headPosition();
    await loseStoredAnswers();

    const retry = await http('POST', '/complaints', keyed('file-once', complaint));
    sameAnswer(retry, first);
    expect(await writtenSince(head)).toEqual([]);
    expect(await eventsOf(`complaint-${first.body.complaintId}`)).toHaveLength(1);
  });

  it('answers a retried resolution and an escalating survey as the first attempts did, writing nothing', async () => {
    const filed = await http('POST', '/complaints', { body: complaint });
    const id = filed.body.complaintId as string;
    const resolved = await http(
      'POST',
      `/complaints/${id}/resolution`,
      keyed('resolve-once', { resolutionType: 'refund', summary: 'Refunded' }),
    );
    const surveyed = await http(
      'POST',
      `/complaints/${id}/satisfaction`,
      keyed('survey-once', { respondent: { contactId: 'C-1', role: 'primary' }, score: 1 }),
    );
    expect([resolved.status, surveyed.status]).toEqual([200, 200]);
    expect(surveyed.body.escalated).toBe(true);
    const head = await store.headPosition();
    await loseStoredAnswers();

    sameAnswer(
      await http(
        'POST',
        `/complaints/${id}/resolution`,
        keyed('resolve-once', { resolutionType: 'refund', summary: 'Refunded' }),
      ),
      resolved,
    );
    sameAnswer(
      await http(
        'POST',
        `/complaints/${id}/satisfaction`,
        keyed('survey-once', { respondent: { contactId: 'C-1', role: 'primary' }, score: 1 }),
      ),
      surveyed,
    );
    expect(await writtenSince(head)).toEqual([]);
    expect((await eventsOf(`complaint-${id}`)).map((event) => event.type)).toEqual([
      'ComplaintFiled',
      'ComplaintResolved',
      'SatisfactionRecorded',
      'ComplaintEscalated',
    ]);
  });

  it('records a retried purchase once and answers 201, not a repeated-orderId 409', async () => {
    const purchase = { orderId: 'O-ONCE', amount: 25, currency: 'EUR' };
    const first = await http('POST', '/customers/CU-ONCE/purchases', keyed('buy-once', purchase));
    expect(first.status).toBe(201);
    await loseStoredAnswers();
    sameAnswer(await http('POST', '/customers/CU-ONCE/purchases', keyed('buy-once', purchase)), first);
    expect(await eventsOf('customer-CU-ONCE')).toHaveLength(1);
  });

  it('refuses the key with another body (422, nothing written), and still answers the first body', async () => {
    const first = await http('POST', '/complaints', keyed('file-other-body', complaint));
    await loseStoredAnswers();
    const head = await store.headPosition();

    const other = await http(
      'POST',
      '/complaints',
      keyed('file-other-body', { ...complaint, description: 'Something else' }),
    );
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
    expect(await writtenSince(head)).toEqual([]);
    sameAnswer(await http('POST', '/complaints', keyed('file-other-body', complaint)), first);
  });

  // Holds SQLite's write lock to slow the append down: a test of the SQLite file.
  itSqliteFile(
    'keeps the key while a slow first attempt outlives the lock: one write, two identical answers',
    async () => {
      // The first attempt's append waits for SQLite's write lock, held here for 5x the key's
      // lock time (0.3 s); the holder renews its key, so the retry waits for its answer.
      const blocker = new Database((service.config.eventStore as { path: string }).path);
      blocker.exec('BEGIN IMMEDIATE');
      const head = await store.headPosition();
      const first = http('POST', '/complaints', keyed('file-slow', complaint));
      await new Promise((resolve) => setTimeout(resolve, 700));
      const retry = http('POST', '/complaints', keyed('file-slow', complaint));
      await new Promise((resolve) => setTimeout(resolve, 800));
      blocker.exec('ROLLBACK');
      blocker.close();

      const [firstAnswer, retryAnswer] = await Promise.all([first, retry]);
      expect(firstAnswer.status).toBe(201);
      sameAnswer(retryAnswer, firstAnswer);
      expect(retryAnswer.headers.get('idempotent-replayed')).toBe('true');
      expect(await writtenSince(head)).toEqual(['ComplaintFiled']);
    },
  );

  it('stamps an omitted occurredAt with the stream last occurredAt when that is ahead of the clock', async () => {
    const ahead = new Date(Date.now() + 2 * 60_000).toISOString();
    const filed = await http('POST', '/complaints', { body: { ...complaint, occurredAt: ahead } });
    const id = filed.body.complaintId as string;
    const assigned = await http('POST', `/complaints/${id}/assignment`, { body: { agentId: 'A-1' } });
    expect(assigned.status).toBe(200);
    const [, assignment] = await eventsOf(`complaint-${id}`);
    expect(assignment.metadata.occurredAt).toBe(ahead);

    // Once the clock is past the last event, an omitted occurredAt is now again.
    const earlier = await http('POST', '/complaints', {
      body: { ...complaint, occurredAt: new Date(Date.now() - 60_000).toISOString() },
    });
    const before = new Date().toISOString();
    await http('POST', `/complaints/${earlier.body.complaintId}/assignment`, { body: { agentId: 'A-1' } });
    const [, later] = await eventsOf(`complaint-${earlier.body.complaintId}`);
    expect(String(later.metadata.occurredAt) >= before).toBe(true);
  });
});
