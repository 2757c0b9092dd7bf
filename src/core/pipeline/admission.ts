/**
 * Which verified tokens the token cache takes in: only a token verified once before. Most tokens an
 * API sees are reused for their whole life (an access token lives for an hour); the others are
 * used once. Kept at their first sighting, one-use tokens fill the cache and push its entries out:
 * every one of them outlives two young-generation collections, is promoted to V8's old space, and
 * dies there when it is evicted, so the old space grows far beyond what the cache holds before a
 * full collection reclaims it (issue 20: peak RSS 1.45× express-oauth2-jwt-bearer's with one token
 * in ten new). Remembering that a token was seen costs no heap: a 32-bit fingerprint of its tail
 * in a fixed table of integers, outside the JS heap. A reused token is thus verified twice instead
 * of once, then answered from the cache as before.
 */
export interface Admission {
  /** True when this token was seen verified before (and so goes into the cache); records it otherwise. */
  admits(token: string): boolean;
}

/** The token's last characters, its signature for a JWT: as unpredictable as the whole token. */
const fingerprintLength = 64;
const smallestTable = 1024;
const largestTable = 65_536;

/** FNV-1a over the token's tail; never 0, which marks an empty slot. */
export function fingerprint(token: string): number {
  let hash = 0x811c9dc5;
  for (let i = Math.max(0, token.length - fingerprintLength); i < token.length; i++) {
    hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  }
  return hash | 0 || 1;
}

/**
 * A table of `2 × maxEntries` slots (a power of two, 1 024 to 65 536: at most 256 KiB) in buckets
 * of two, each holding the last two fingerprints that fell into it. Two reused tokens that share a
 * bucket are both admitted at their second sighting, even when they take turns; a third token in
 * the bucket pushes the older one out, which is then admitted one sighting later. Two tokens with
 * the same fingerprint admit each other: the second is cached at its first sighting, as every
 * token was before.
 */
export function createAdmission(maxEntries: number): Admission {
  let size = smallestTable;
  while (size < 2 * maxEntries && size < largestTable) size *= 2;
  const seen = new Int32Array(size);
  const bucketMask = size - 2;
  return {
    admits(token) {
      const print = fingerprint(token);
      const bucket = print & bucketMask;
      if (seen[bucket] === print || seen[bucket + 1] === print) return true;
      seen[bucket + 1] = seen[bucket]!;
      seen[bucket] = print;
      return false;
    },
  };
}
