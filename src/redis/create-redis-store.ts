import type { CachedKeySet, KeyCache } from '../core/keys/key-cache.js';
import type { KeyFleet } from '../core/keys/key-fleet.js';
import type { IntrospectionCache } from '../core/introspection/shared-introspection.js';
import { createMemoryReplayStore, type DpopReplayStore } from '../core/dpop/replay-store.js';
import type { RedisClientLike } from './commands.js';
import { asBackoff, asCachedKeySet, asDiscovery, asSharedIntrospection } from './entry-shapes.js';
import { createRedisConnection } from './redis-connection.js';
import { resolveRedisStoreOptions, type RedisStoreOptions } from './redis-store-options.js';

/** What a fleet of instances shares through Redis; pass it as `keys.shared` to every middleware. */
export interface RedisStore {
  /** Key sets, shared with their lifetimes. */
  readonly keyCache: KeyCache;
  /** Discovery, the fetch lease, the IdP's backoff and the unknown-`kid` budget, shared. */
  readonly fleet: KeyFleet;
  /**
   * DPoP proof `jti`s, shared (`SET NX` with the proof's remaining lifetime): a proof replayed
   * against another instance is refused. Pass it as `dpop.replayStore`.
   */
  readonly dpopReplayStore: DpopReplayStore;
  /**
   * Introspection results, shared under a hash of the issuer and the token (never the token), and
   * one introspection call per token for the fleet (a lease with `SET NX PX`). Used when the same
   * store is given as an issuer's `introspection.shared`.
   */
  readonly introspectionCache: IntrospectionCache;
}

/**
 * Shares key handling between the instances of one API through Redis (or Valkey): key sets and
 * discovery with their lifetimes, one IdP fetch at a time for the fleet (a lease with `SET NX PX`),
 * one backoff when the IdP rate-limits, one unknown-`kid` refresh budget, introspection results with
 * one introspection call per token, and DPoP replay protection. Pass the client your
 * application already has (node-redis or ioredis); bearer-guard loads no Redis client of its own.
 * Every command is bounded by `timeout`; while Redis fails, each instance acts alone.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { createRedisStore } from 'bearer-guard/redis';
 * import { bearerAuth } from 'bearer-guard/express';
 *
 * const redis = createClient({ url: process.env.REDIS_URL });
 * await redis.connect();
 * const shared = createRedisStore(redis, { integritySecret: process.env.BEARER_GUARD_REDIS_SECRET });
 * const auth = bearerAuth({ issuers: ['https://dev-123.okta.com/oauth2/default'], audience: 'api://default', keys: { shared } });
 * ```
 */
export function createRedisStore(client: RedisClientLike, options: RedisStoreOptions = {}): RedisStore {
  const resolved = resolveRedisStoreOptions(options);
  const redis = createRedisConnection(client, resolved);

  async function readShaped<T>(kind: string, id: string, shape: (value: unknown) => T | undefined): Promise<T | undefined> {
    const value = await redis.read(kind, id);
    if (value === undefined) return undefined;
    const shaped = shape(value);
    if (shaped === undefined) redis.rejected(kind, 'entry has the wrong shape');
    return shaped;
  }

  const keyCache: KeyCache = {
    get: (url) => readShaped('jwks', url, asCachedKeySet),
    set: (url, value: CachedKeySet, ttlMs) => redis.write('jwks', url, value, ttlMs),
  };

  const fleet: KeyFleet = {
    readDiscovery: (issuer) => readShaped('discovery', issuer, asDiscovery),
    writeDiscovery: (issuer, discovery, ttlMs) => redis.write('discovery', issuer, discovery, ttlMs),
    async tryLease(resource, leaseMs) {
      const owner = redis.newOwnerId();
      if (!(await redis.claim('lease', resource, owner, leaseMs))) return undefined;
      return { release: () => redis.releaseIfOwned('lease', resource, owner) };
    },
    readBackoff: (resource) => readShaped('backoff', resource, asBackoff),
    async writeBackoff(resource, backoff, now) {
      if (backoff.retryAt > now) await redis.write('backoff', resource, backoff, backoff.retryAt - now);
    },
    async takeRefresh(resource, periodMs, burst) {
      return (await redis.countInWindow('refresh', resource, periodMs)) <= burst;
    },
    waitForLeaseMs: resolved.waitForLeaseMs,
    leaseMs: resolved.leaseMs,
  };

  // Fail closed by default: while Redis cannot answer, a proof cannot be shown to be new (503).
  const localReplays = resolved.replayWhenRedisFails === 'local' ? createMemoryReplayStore() : undefined;
  const dpopReplayStore: DpopReplayStore = {
    async markUsed(id, expiresAt, now) {
      try {
        return await redis.claim('dpop', id, '1', expiresAt - now);
      } catch (error) {
        if (localReplays) return localReplays.markUsed(id, expiresAt, now);
        throw error;
      }
    },
  };

  // The token's hash is hashed again into the Redis key, with the issuer: Redis never sees the token.
  const introspectionId = (issuer: string, tokenHash: string) => `${issuer}\n${tokenHash}`;
  const introspectionCache: IntrospectionCache = {
    read: (issuer, tokenHash) => readShaped('introspection', introspectionId(issuer, tokenHash), asSharedIntrospection),
    write: (issuer, tokenHash, result, ttlMs) => redis.write('introspection', introspectionId(issuer, tokenHash), result, ttlMs),
    tryLease: (issuer, tokenHash, leaseMs) => fleet.tryLease(`introspection\n${introspectionId(issuer, tokenHash)}`, leaseMs),
    waitForLeaseMs: resolved.waitForLeaseMs,
    leaseMs: resolved.leaseMs,
  };

  return { keyCache, fleet, dpopReplayStore, introspectionCache };
}
