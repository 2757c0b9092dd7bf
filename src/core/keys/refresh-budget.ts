/**
 * How often an unknown `kid` may make us ask the IdP for its keys: a token bucket. Behind an
 * interface so that a fleet can share one budget (one store for every instance) later.
 */
export interface RefreshBudget {
  /** Takes one refresh from the budget; false when none is left at `now`. */
  tryTake(now: number): boolean;
  /** Epoch ms from which `tryTake` will succeed (`now` when it would succeed now). */
  nextAt(now: number): number;
}

/** Budget settings: one refresh per `intervalMs` on average, at most `burst` in a row. */
export interface RefreshBudgetLimits {
  readonly intervalMs: number;
  readonly burst: number;
}

/**
 * An in-memory {@link RefreshBudget}: a token bucket kept as the time it will next be full
 * (GCRA), so it counts in whole milliseconds. It starts full, so the first unknown kids after a
 * quiet spell (a key rotation) are looked up at once. A clock that steps back costs at most one
 * interval of waiting, not the size of the step.
 */
export function createMemoryRefreshBudget({ intervalMs, burst }: RefreshBudgetLimits): RefreshBudget {
  /** When the bucket would be full again if nothing more were taken. */
  let fullAt = Number.NEGATIVE_INFINITY;
  const slackMs = (burst - 1) * intervalMs;

  function pending(now: number): number {
    fullAt = Math.min(fullAt, now + burst * intervalMs);
    return Math.max(fullAt, now);
  }

  return {
    tryTake(now) {
      const from = pending(now);
      if (from - now > slackMs) return false;
      fullAt = from + intervalMs;
      return true;
    },
    nextAt(now) {
      return Math.max(now, pending(now) - slackMs);
    },
  };
}
