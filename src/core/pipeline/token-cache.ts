/** A bounded cache of verified tokens, per verifier instance. */
export interface TokenCache<T> {
  get(token: string, now: number): T | undefined;
  /** Keeps `value` until `until` (epoch ms) at the latest. */
  set(token: string, value: T, until: number, now: number, sizeBytes: number): void;
  readonly size: number;
}

interface Entry<T> {
  value: T;
  /** When it was verified: time checks that passed then pass at any later time, not earlier. */
  storedAt: number;
  until: number;
  bytes: number;
}

/**
 * An LRU map keyed by the whole token string (no hash, so no collisions to reason about). Bounded
 * by entry count and by an estimate of the bytes held; an entry never outlives `maxAgeMs` or the
 * `until` its caller computed (the moment the token itself would be refused). A clock that steps
 * back before the moment an entry was stored makes it a miss: `nbf` and `iat` that passed then may
 * not pass now, so only a fresh verification may answer.
 */
export function createTokenCache<T>({ maxEntries, maxAgeMs, maxBytes }: { maxEntries: number; maxAgeMs: number; maxBytes: number }): TokenCache<T> {
  const entries = new Map<string, Entry<T>>();
  let bytes = 0;

  function remove(token: string, entry: Entry<T>) {
    entries.delete(token);
    bytes -= entry.bytes;
  }

  return {
    get(token, now) {
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (now >= entry.until || now < entry.storedAt) {
        remove(token, entry);
        return undefined;
      }
      // Refresh recency: Map iteration order is insertion order.
      entries.delete(token);
      entries.set(token, entry);
      return entry.value;
    },
    set(token, value, until, now, sizeBytes) {
      const bounded = Math.min(until, now + maxAgeMs);
      if (bounded <= now || sizeBytes > maxBytes) return;
      const old = entries.get(token);
      if (old) remove(token, old);
      entries.set(token, { value, storedAt: now, until: bounded, bytes: sizeBytes });
      bytes += sizeBytes;
      while (entries.size > maxEntries || bytes > maxBytes) {
        const oldest = entries.entries().next().value as [string, Entry<T>];
        remove(oldest[0], oldest[1]);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
