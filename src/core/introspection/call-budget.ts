/** A limit on calls per second, shared by every request of one issuer. */
export interface CallBudget {
  /** Takes one call from the budget; false when the budget is spent for now. */
  take(now: number): boolean;
  /** Epoch ms when the next call will be allowed (now when one is available). */
  nextAt(now: number): number;
}

/**
 * A token bucket: `perSecond` calls refill evenly over each second, and up to `perSecond` can be
 * spent at once after a quiet second. Spent means refused, never queued: a flood of unknown tokens
 * must not build a queue of calls that outlives it.
 */
export function createCallBudget(perSecond: number): CallBudget {
  let available = perSecond;
  let updatedAt = Number.NEGATIVE_INFINITY;

  function refill(now: number): void {
    const elapsed = Math.max(0, now - updatedAt);
    available = Math.min(perSecond, available + (elapsed * perSecond) / 1000);
    updatedAt = Math.max(updatedAt, now);
  }

  return {
    take(now) {
      refill(now);
      if (available < 1) return false;
      available -= 1;
      return true;
    },
    nextAt(now) {
      refill(now);
      return available >= 1 ? now : now + Math.ceil(((1 - available) * 1000) / perSecond);
    },
  };
}
