/**
 * Redis helpers that load no framework: key deletion under a prefix, the recovery board, the
 * check of a Redis's settings, Lua scripts queued into a MULTI by their SHA and the count of
 * the background work's appends. The Nest module, its REDIS token and the settings check at
 * start are `@cl/redis/nest`.
 */
export * from './background-appends';
export * from './delete-keys-under';
export * from './lua-numbers';
export * from './recovery-board';
export * from './redis-settings';
export * from './script-by-sha';
