/**
 * bearer-guard/redis: a fleet of API instances sharing key sets, one IdP fetch, one backoff and
 * one unknown-kid budget through the application's own Redis client.
 */
export { createRedisStore, type RedisStore } from './create-redis-store.js';
export type { RedisStoreOptions, RedisStoreEvent } from './redis-store-options.js';
export type { RedisClientLike, RedisCommands } from './commands.js';
