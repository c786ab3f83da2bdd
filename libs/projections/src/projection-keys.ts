import type { Redis } from 'ioredis';

/**
 * Where a projection keeps things in Redis. Its read model lives in a generation
 * (`<prefix>:<name>:<generation>:...`); a rebuild fills a new generation while the active
 * one keeps serving, then moves the `generation` pointer. Generation "0" is the first.
 */
export function projectionKeys(redisPrefix: string, name: string) {
  const meta = `${redisPrefix}:projection:${name}`;
  return {
    /** The active generation; absent means "0". */
    generation: `${meta}:generation`,
    generationCounter: `${meta}:generation-counter`,
    /**
     * `<generation>:<version>`: a version upgrade builds its read model in this generation
     * beside the active one, and the runner moves the pointer to it once it has caught up.
     */
    building: `${meta}:building`,
    /**
     * "1" once the generation's read model has caught up with the store (reached its head) since
     * it was started from the first event: before that it is partial, and nothing may act on it
     * (the early-warning reactor waits). Deleted with the read model.
     */
    complete: (generation: string) => `${meta}:${generation}:complete`,
    checkpoint: (generation: string) => `${meta}:${generation}:checkpoint`,
    /**
     * JSON ProjectionFailure: a batch's command failed at run time after the MULTI moved the
     * checkpoint, so the generation's read model misses writes; it is rebuilt, or stopped.
     */
    failure: (generation: string) => `${meta}:${generation}:failure`,
    /**
     * JSON ProjectionFailing: `project()` threw on the event at `position`; the checkpoint
     * stays before it and the event is retried with back-off, never skipped.
     */
    failing: (generation: string) => `${meta}:${generation}:failing`,
    /**
     * The storeId of the history the generation's checkpoint follows (absent: written before
     * stores had an identity). Another storeId means the read model belongs to another history.
     */
    store: (generation: string) => `${meta}:${generation}:store`,
    /** The version of the projection that built the generation (absent: 1). */
    version: (generation: string) => `${meta}:${generation}:version`,
    lease: (generation?: string) =>
      generation === undefined ? `${meta}:lease` : `${meta}:${generation}:lease`,
    readModel: (generation: string) => `${redisPrefix}:${name}:${generation}`,
  };
}

/** Every bookkeeping key of a generation (besides its read model, under `readModel`). */
export function generationKeys(keys: ReturnType<typeof projectionKeys>, generation: string): string[] {
  return [
    keys.checkpoint(generation),
    keys.version(generation),
    keys.complete(generation),
    keys.failure(generation),
    keys.failing(generation),
    keys.store(generation),
  ];
}

/**
 * Whether the active generation's read model has caught up since it was started from the
 * first event (not partial: not being rebuilt, not catching up after Redis lost it).
 */
export async function readModelComplete(redis: Redis, redisPrefix: string, name: string): Promise<boolean> {
  const keys = projectionKeys(redisPrefix, name);
  return (await redis.get(keys.complete((await redis.get(keys.generation)) ?? '0'))) === '1';
}

/** The key prefix of the active generation's read model, for queries. */
export async function activeReadModelPrefix(
  redis: Redis,
  redisPrefix: string,
  name: string,
): Promise<string> {
  const keys = projectionKeys(redisPrefix, name);
  return keys.readModel((await redis.get(keys.generation)) ?? '0');
}
