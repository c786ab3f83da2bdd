import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { JsonObject, RecordedEvent } from '@cl/event-store';
import { customerRiskProjection, loadFacts } from '@cl/read-models';
import { startPrivateRedis } from '../support/private-redis';

/**
 * The projection queues its script into the MULTI by its SHA: a Redis that forgot the script
 * (SCRIPT FLUSH; a restart) gets it again before the MULTI, so no batch fails on NOSCRIPT.
 * On a Redis of its own: SCRIPT FLUSH would pull scripts from under other tests.
 */
describe('customer-risk: its script queued by SHA', () => {
  const keyPrefix = 'customer-risk:0';
  let privateRedis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let redis: Redis;
  beforeAll(async () => {
    privateRedis = await startPrivateRedis([]);
    redis = new Redis(privateRedis.url);
  });
  afterAll(async () => {
    redis.disconnect();
    await privateRedis.stop();
  });

  let position = 0n;
  const filing = (complaintId: string, customerId: string): RecordedEvent => {
    const at = Date.now() - 60_000;
    const data: JsonObject = { customerId, resolutionDueAt: new Date(at + 86_400_000).toISOString() };
    return {
      id: randomUUID(),
      streamId: `complaint-${complaintId}`,
      revision: 0,
      position: ++position,
      type: 'ComplaintFiled',
      data,
      metadata: { occurredAt: new Date(at).toISOString() },
      recordedAt: new Date(at).toISOString(),
    };
  };
  const applyBatch = async (events: RecordedEvent[]) => {
    const tx = redis.multi();
    const afterCommit = await customerRiskProjection.project(events, { redis, tx, keyPrefix });
    const results = (await tx.exec())!;
    expect(results.map(([error]) => error?.message ?? null)).toEqual(results.map(() => null));
    await afterCommit!(results.map(([, reply]) => reply));
  };

  it('applies batches before and after Redis forgot its scripts', async () => {
    await applyBatch([filing('K-1', 'CU-1'), filing('K-2', 'CU-2')]);
    await redis.script('FLUSH');
    await applyBatch([filing('K-3', 'CU-1')]);

    const facts = await loadFacts(redis, keyPrefix, ['CU-1', 'CU-2']);
    expect(Object.keys(facts.get('CU-1')!.complaints).sort()).toEqual(['K-1', 'K-3']);
    expect(Object.keys(facts.get('CU-2')!.complaints)).toEqual(['K-2']);
  });
});
