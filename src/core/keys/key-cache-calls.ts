import type { CachedKeySet, KeyCache } from './key-cache.js';

function usable(value: unknown): CachedKeySet | undefined {
  const cached = value as CachedKeySet | undefined;
  return typeof cached?.fetchedAt === 'number' && typeof cached.expiresAt === 'number' ? cached : undefined;
}

/**
 * What the shared cache holds for `url`. A store that throws, rejects, returns something of the
 * wrong shape or does not answer within `timeoutMs` counts as empty: a cache outage must never
 * become an authentication outage, nor hold a request longer than a key fetch may.
 */
export function readKeyCache(cache: KeyCache, url: string, timeoutMs: number): Promise<CachedKeySet | undefined> {
  let answer: ReturnType<KeyCache['get']>;
  try {
    answer = cache.get(url);
  } catch {
    return Promise.resolve(undefined);
  }
  if (!(answer instanceof Promise) && typeof (answer as { then?: unknown } | undefined)?.then !== 'function') {
    return Promise.resolve(usable(answer));
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), timeoutMs);
    Promise.resolve(answer).then(
      (value) => {
        clearTimeout(timer);
        resolve(usable(value));
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

/**
 * Offers a fetched key set to the shared cache without waiting for it: the request that fetched
 * the keys already has them, and a slow or failing store must not delay it. Failures are dropped;
 * each instance then fetches for itself.
 */
export function writeKeyCache(cache: KeyCache, url: string, entry: CachedKeySet, ttlMs: number): void {
  try {
    const done = cache.set(url, entry, ttlMs);
    if (typeof (done as { then?: unknown } | undefined)?.then === 'function') {
      (done as Promise<void>).then(undefined, () => {});
    }
  } catch {
    // As above: the shared cache only saves fetches.
  }
}
