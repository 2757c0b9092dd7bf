import { boundedCall, callFailed } from '../lib/bounded-call.js';
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
export async function readKeyCache(cache: KeyCache, url: string, timeoutMs: number): Promise<CachedKeySet | undefined> {
  const answer = await boundedCall(async () => cache.get(url), timeoutMs);
  return answer === callFailed ? undefined : usable(answer);
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
