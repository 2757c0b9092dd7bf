/** A bounded cache of verified tokens, per verifier instance. */
export interface TokenCache<T> {
  get(token: string, now: number): T | undefined;
  /** True when the token is kept, current or not. Changes no entry; the `get` that follows reuses its lookup. */
  has(token: string): boolean;
  /** Keeps `value` until `until` (epoch ms) at the latest. */
  set(token: string, value: T, until: number, now: number, sizeBytes: number): void;
  readonly size: number;
}

interface Entry<T> {
  /** The whole token: a hit needs it equal, character for character. */
  token: string;
  value: T;
  /** When it was verified: time checks that passed then pass at any later time, not earlier. */
  storedAt: number;
  until: number;
  bytes: number;
  /** Answered since it was stored or last spared by eviction: it gets a second chance. */
  used: boolean;
}

/**
 * How many trailing characters of a token name its entry. Hashing a whole token costs about a
 * microsecond per request for a 1 KB RS256 token (the string is new each request, so its hash is
 * never cached); its tail is the signature, as unpredictable as the rest, and a hit still needs the
 * whole token equal, so two tokens with the same tail only cost each other a miss.
 */
const keyLength = 64;

function keyOf(token: string): string {
  return token.length <= keyLength ? token : token.slice(-keyLength);
}

/**
 * A map of tokens, each found by its tail and compared whole on every hit, that evicts the least
 * recently used first, approximately: entries sit in insertion order, a hit only marks its entry,
 * and eviction moves a marked entry to the back (unmarked) instead of dropping it ("second
 * chance"). A hit thus costs no reordering of the map, which on a nearly full table costs about a
 * microsecond. Bounded by entry count and by an estimate of the bytes held; an entry never
 * outlives `maxAgeMs` or the `until` its caller computed (the moment the token itself would be
 * refused). A clock that steps back before the moment an entry was stored makes it a miss: `nbf`
 * and `iat` that passed then may not pass now, so only a fresh verification may answer.
 */
export function createTokenCache<T>({ maxEntries, maxAgeMs, maxBytes }: { maxEntries: number; maxAgeMs: number; maxBytes: number }): TokenCache<T> {
  const entries = new Map<string, Entry<T>>();
  let bytes = 0;
  // What the last `has` found, for the `get` that follows it on a request (extraction asks `has`,
  // the pipeline `get`): one lookup of the token per hit. Forgotten on every change to the map.
  let heldToken: string | undefined;
  let heldEntry: Entry<T> | undefined;

  function forgetHeld() {
    heldToken = undefined;
    heldEntry = undefined;
  }

  function find(token: string): Entry<T> | undefined {
    if (heldEntry !== undefined && heldToken === token) return heldEntry;
    const entry = entries.get(keyOf(token));
    return entry?.token === token ? entry : undefined;
  }

  function remove(key: string, entry: Entry<T>) {
    forgetHeld();
    entries.delete(key);
    bytes -= entry.bytes;
  }

  /** Drops the oldest entry not used since it was stored or last spared; spares the used ones it meets. */
  function evictOne() {
    for (;;) {
      // Map iteration order is insertion order: the first entry is the oldest.
      const [key, entry] = entries.entries().next().value as [string, Entry<T>];
      entries.delete(key);
      if (!entry.used) {
        bytes -= entry.bytes;
        return;
      }
      entry.used = false;
      entries.set(key, entry);
    }
  }

  return {
    get(token, now) {
      const entry = find(token);
      forgetHeld();
      if (!entry) return undefined;
      if (now >= entry.until || now < entry.storedAt) {
        remove(keyOf(token), entry);
        return undefined;
      }
      entry.used = true;
      return entry.value;
    },
    has(token) {
      const entry = find(token);
      heldToken = token;
      heldEntry = entry;
      return entry !== undefined;
    },
    set(token, value, until, now, sizeBytes) {
      const bounded = Math.min(until, now + maxAgeMs);
      if (bounded <= now || sizeBytes > maxBytes) return;
      const key = keyOf(token);
      forgetHeld();
      // The same token again, or another with the same tail: the newer one takes the place.
      const old = entries.get(key);
      if (old) remove(key, old);
      while (entries.size > 0 && (entries.size >= maxEntries || bytes + sizeBytes > maxBytes)) evictOne();
      entries.set(key, { token, value, storedAt: now, until: bounded, bytes: sizeBytes, used: false });
      bytes += sizeBytes;
    },
    get size() {
      return entries.size;
    },
  };
}
