import type { ResolvedOptions } from '../options/resolve-options.js';
import type { AuthResult } from './auth-result.js';
import type { VerifiedToken } from './strategy.js';
import { createTokenCache } from './token-cache.js';

/**
 * Memory bound of the verified-token cache, on top of its entry count. An entry is estimated at
 * three bytes per token character: the token string itself plus its decoded header and claims
 * (about three quarters of the token) and their object overhead.
 */
const tokenCacheMaxBytes = 64 * 1024 * 1024;
const bytesPerTokenCharacter = 3;

interface Entry {
  readonly result: AuthResult;
  readonly stillCurrent: (() => boolean) | undefined;
}

/**
 * Verified results by token. A hit answers what a fresh verification would: it ends when the
 * strategy said (for a JWT: exp plus tolerance, or when the key set that verified it expires) and
 * it is dropped when the strategy says what vouched for it changed. Only signature and claim
 * checks are skipped on a hit; per-request checks still run.
 */
export interface ResultCache {
  get(token: string, now: number): AuthResult | undefined;
  remember(token: string, result: AuthResult, verified: VerifiedToken, now: number): void;
}

export function createResultCache(settings: ResolvedOptions['tokenCache']): ResultCache | null {
  if (!settings) return null;
  const cache = createTokenCache<Entry>({ ...settings, maxBytes: tokenCacheMaxBytes });
  return {
    get(token, now) {
      const hit = cache.get(token, now);
      return hit && (hit.stillCurrent === undefined || hit.stillCurrent()) ? hit.result : undefined;
    },
    remember(token, result, { cacheUntil, stillCurrent }, now) {
      if (cacheUntil <= now) return;
      cache.set(token, { result, stillCurrent }, cacheUntil, now, token.length * bytesPerTokenCharacter);
    },
  };
}
