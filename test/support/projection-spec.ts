import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { JsonObject, RecordedEvent } from '@cl/event-store';
import type { Projection } from '@cl/projections';
import { deleteRedisKeys } from './test-app';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const GIVEN_AT = '2026-01-01T00:00:00.000Z';

/** An event as a projection spec gives it: its stream, type and data; its business time optional. */
export interface GivenEvent {
  streamId: string;
  type: string;
  data: JsonObject;
  occurredAt?: string;
}

/** Where a case's read model is: read it as the service's queries do. */
export interface ReadModel {
  redis: Redis;
  /** The read model's key prefix (its own, per case). */
  keyPrefix: string;
}

/**
 * Given/then for a projection, against the real Redis (its own key prefix, deleted after the
 * block; no runner, no store): given the events (recorded in this order, positions and
 * revisions numbered as a store would), projected in batches of `batchSize` as the runner
 * feeds them (each batch's writes applied in one MULTI, then its after-commit work), then
 * the read model as `read` finds it equals `expected`. Each case builds a read model of its
 * own. Call it at the top of a describe block (it registers the clean-up).
 *
 *   const spec = projectionSpec(complaintListProjection);
 *   await spec.given(filed('C-1'), resolved('C-1')).then(({ redis, keyPrefix }) => ..., expected);
 */
export function projectionSpec(projection: Projection, options: { batchSize?: number } = {}) {
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(REDIS_URL);
  let cases = 0;
  afterAll(async () => {
    redis.disconnect();
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  async function project(events: readonly GivenEvent[]): Promise<ReadModel> {
    const keyPrefix = `${prefix}:${projection.name}:${cases++}`;
    const revisions = new Map<string, number>();
    const recorded = events
      .map((event, index): RecordedEvent => {
        const revision = (revisions.get(event.streamId) ?? -1) + 1;
        revisions.set(event.streamId, revision);
        return {
          id: randomUUID(),
          streamId: event.streamId,
          revision,
          position: BigInt(index + 1),
          type: event.type,
          data: event.data,
          metadata: { occurredAt: event.occurredAt ?? GIVEN_AT },
          recordedAt: new Date().toISOString(),
        };
      })
      .filter((event) => projection.eventTypes?.includes(event.type) ?? true);
    const batchSize = options.batchSize ?? 500;
    for (let start = 0; start < recorded.length; start += batchSize) {
      const tx = redis.multi();
      const afterCommit = await projection.project(recorded.slice(start, start + batchSize), {
        redis,
        tx,
        keyPrefix,
      });
      const results = (await tx.exec())!;
      const failed = results.find(([error]) => error !== null);
      if (failed) throw failed[0];
      if (afterCommit) await afterCommit(results.map(([, reply]) => reply));
    }
    return { redis, keyPrefix };
  }

  return {
    given(...events: GivenEvent[]) {
      return {
        /** The read model, as `read` finds it, equals `expected`. */
        async then<T>(read: (model: ReadModel) => Promise<T>, expected: T): Promise<void> {
          expect(await read(await project(events))).toEqual(expected);
        },
        /** The read model, for checks beyond equality. */
        projected: (): Promise<ReadModel> => project(events),
      };
    },
  };
}
