/**
 * bearer-guard/redis: a fleet of API instances sharing key sets, one IdP fetch, one backoff, one
 * unknown-kid budget, introspection results and DPoP replay protection through the application's own
 * Redis client.
 */
export { createRedisStore, type RedisStore } from './create-redis-store.js';
export type { RedisStoreOptions, RedisStoreEvent } from './redis-store-options.js';
export type { RedisClientLike, RedisCommands } from './commands.js';
