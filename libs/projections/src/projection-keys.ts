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
    checkpoint: (generation: string) => `${meta}:${generation}:checkpoint`,
    /**
     * JSON ProjectionFailure: a batch's command failed at run time after the MULTI moved the
     * checkpoint, so the generation's read model misses writes; it is rebuilt, or stopped.
     */
    failure: (generation: string) => `${meta}:${generation}:failure`,
    /** The version of the projection that built the generation (absent: 1). */
    version: (generation: string) => `${meta}:${generation}:version`,
    lease: (generation?: string) =>
      generation === undefined ? `${meta}:lease` : `${meta}:${generation}:lease`,
    readModel: (generation: string) => `${redisPrefix}:${name}:${generation}`,
  };
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
