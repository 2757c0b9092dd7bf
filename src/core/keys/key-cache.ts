/** A key set as fetched, in a form any store can keep (plain JSON). */
export interface CachedKeySet {
  /** The JWKS document. */
  jwks: { keys: unknown[] };
  /** Epoch ms when it was fetched. */
  fetchedAt: number;
  /** Epoch ms when it should be refreshed. */
  expiresAt: number;
}

/**
 * Where fetched key sets are kept. The default is in memory per middleware; implement this over
 * Redis or memcached to let a fleet of instances share one fetch. Keys are the JWKS URLs; values
 * are plain JSON, so they survive `JSON.stringify`/`JSON.parse`.
 *
 * Before fetching, an instance reads the cache: an entry fetched after its own set is adopted, and
 * when that entry is still fresh no request goes to the IdP. An expired entry still serves as the
 * stale fallback while the IdP fails (up to `maxStale`). `get` and `set` may be sync or async. A
 * `get` that throws, rejects or has not answered within `keys.timeout` counts as a miss; `set` is
 * not awaited (its failures are ignored), so a cache outage or a stuck connection never becomes an
 * authentication outage. Rate-limit backoff and the unknown-`kid` refresh budget stay per instance.
 *
 * @example
 * ```ts
 * const redisKeyCache: KeyCache = {
 *   async get(key) { const v = await redis.get(`jwks:${key}`); return v ? JSON.parse(v) : undefined; },
 *   async set(key, value, ttlMs) { await redis.set(`jwks:${key}`, JSON.stringify(value), 'PX', ttlMs); },
 * };
 * ```
 */
export interface KeyCache {
  get(key: string): CachedKeySet | undefined | Promise<CachedKeySet | undefined>;
  /** `ttlMs` is how long the store may keep it: lifetime plus allowed staleness. */
  set(key: string, value: CachedKeySet, ttlMs: number): void | Promise<void>;
}

/** The default {@link KeyCache}: a Map per middleware instance. */
export function createMemoryKeyCache(): KeyCache {
  const entries = new Map<string, CachedKeySet>();
  return {
    get: (key) => entries.get(key),
    set: (key, value) => {
      entries.set(key, value);
    },
  };
}
