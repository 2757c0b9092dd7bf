/**
 * Where DPoP proof identifiers are remembered so that a proof is accepted once (RFC 9449 §11.1).
 * The default keeps them in memory, per middleware; a fleet of instances behind one load balancer
 * needs one shared store, or a proof refused by one instance is accepted by the next.
 *
 * @example
 * ```ts
 * // A store shared through Redis (ioredis): SET NX with an expiry is exactly "first use".
 * const replayStore: DpopReplayStore = {
 *   async markUsed(id, expiresAt, now) {
 *     return (await redis.set(`dpop:${id}`, '1', 'PX', Math.max(1, expiresAt - now), 'NX')) === 'OK';
 *   },
 * };
 * ```
 */
export interface DpopReplayStore {
  /**
   * Records `id` until `expiresAt` (epoch milliseconds; `now` is the verifier's clock). Returns
   * true the first time, false while an earlier record of `id` has not expired. Throwing or
   * rejecting means the store cannot answer: the request is refused with 503, never accepted.
   */
  markUsed(id: string, expiresAt: number, now: number): boolean | Promise<boolean>;
}

/** Thrown by the in-memory store when every slot holds a proof that has not expired yet. */
export class ReplayStoreFull extends Error {
  constructor(readonly retryAt: number) {
    super('the DPoP replay store is full');
  }
}

/**
 * A bounded in-memory {@link DpopReplayStore}. An entry lives until its proof would be refused
 * for age anyway. When all `maxEntries` slots hold live entries, new proofs are refused (503 with
 * `Retry-After`) rather than forgetting a live one, which would let that proof be replayed.
 *
 * @example
 * ```ts
 * const auth = bearerAuth({ issuers, audience, dpop: { mode: 'allowed', replayStore: createMemoryReplayStore({ maxEntries: 200_000 }) } });
 * ```
 */
export function createMemoryReplayStore({ maxEntries = 100_000 }: { maxEntries?: number } = {}): DpopReplayStore {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError(`bearer-guard: replay store maxEntries must be a positive integer; got ${String(maxEntries)}`);
  }
  // Insertion order is close to expiry order (every entry lives one window past its iat), so
  // expired entries are dropped from the front; a full sweep runs only when the front is alive.
  const expiries = new Map<string, number>();
  let noSweepBefore = 0;

  function dropExpiredFront(now: number): void {
    for (const [id, expiresAt] of expiries) {
      if (expiresAt > now) return;
      expiries.delete(id);
    }
  }

  function sweep(now: number): void {
    let earliest = Infinity;
    for (const [id, expiresAt] of expiries) {
      if (expiresAt <= now) expiries.delete(id);
      else if (expiresAt < earliest) earliest = expiresAt;
    }
    noSweepBefore = earliest;
  }

  return {
    markUsed(id, expiresAt, now) {
      const seen = expiries.get(id);
      if (seen !== undefined && seen > now) return false;
      dropExpiredFront(now);
      if (seen === undefined && expiries.size >= maxEntries) {
        if (now >= noSweepBefore) sweep(now);
        if (expiries.size >= maxEntries) throw new ReplayStoreFull(noSweepBefore);
      }
      expiries.delete(id);
      expiries.set(id, expiresAt);
      return true;
    },
  };
}
