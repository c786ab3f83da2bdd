/** The shared Redis connection as a Nest module (`@cl/redis/nest`): loads Nest. */
export * from './redis.module';
export * from './redis-settings-check';
export * from './redis-token';
