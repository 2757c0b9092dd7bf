import type { ResolvedOptions } from '../options/resolve-options.js';
import type { AuthResult } from './auth-result.js';
import type { VerifiedToken } from './strategy.js';
import { createAdmission } from './admission.js';
import { estimateHeapBytes } from './entry-cost.js';
import { createTokenCache } from './token-cache.js';
import { isB64token } from '../request/extract-token.js';

/**
 * What one cached result costs beyond its measured parts: the map entry, the entry and result
 * objects, the token's bookkeeping. The token string itself is one byte a character (b64token).
 */
const entryOverheadBytes = 512;
/** No single result may take more than this share of the cache: a few huge tokens cannot flush it. */
const maxEntryShare = 1 / 16;

interface Entry {
  readonly result: AuthResult;
  readonly stillCurrent: (() => boolean) | undefined;
}

/**
 * Verified results by token, each kept from its second successful verification on (admission.ts). A hit answers what a fresh verification would: it ends when the
 * strategy said (for a JWT: exp plus tolerance, or when the key set that verified it expires) and
 * it is dropped when the strategy says what vouched for it changed. Only signature and claim
 * checks are skipped on a hit; per-request checks still run. Only well-formed b64tokens are kept,
 * so a token found here needs no second scan of its characters (see `knownWellFormed`).
 */
export interface ResultCache {
  get(token: string, now: number): AuthResult | undefined;
  /** True when this very token is kept, current or not: it is then a well-formed b64token. */
  holds(token: string): boolean;
  remember(token: string, result: AuthResult, verified: VerifiedToken, now: number): void;
}

export function createResultCache(settings: ResolvedOptions['tokenCache']): ResultCache | null {
  if (!settings) return null;
  const cache = createTokenCache<Entry>(settings);
  const admission = createAdmission(settings.maxEntries);
  const maxEntryBytes = settings.maxBytes * maxEntryShare;
  return {
    get(token, now) {
      const hit = cache.get(token, now);
      return hit && (hit.stillCurrent === undefined || hit.stillCurrent()) ? hit.result : undefined;
    },
    holds: (token) => cache.has(token),
    remember(token, result, { cacheUntil, stillCurrent }, now) {
      // Only a token verified before is kept (see admission.ts). Every success counts as a sighting,
      // even one that cannot be kept: the request that fetched the keys is the token's first.
      if (!admission.admits(token)) return;
      // A token verified by `verify(token)` was never extracted from a request, so never scanned.
      if (cacheUntil <= now || !isB64token(token)) return;
      // The real cost of this result, whatever its claims look like; too large a result is not kept.
      const bytes = entryOverheadBytes + token.length + estimateHeapBytes(result, maxEntryBytes);
      if (bytes > maxEntryBytes) return;
      cache.set(token, { result, stillCurrent }, cacheUntil, now, bytes);
    },
  };
}
