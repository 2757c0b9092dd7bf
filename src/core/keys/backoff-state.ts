import { KeySourceFailure } from './key-source-failure.js';

/**
 * What the key store remembers about its last attempt to reach the IdP: the failure, if it failed,
 * and until when the IdP (or our own error backoff) bars the next attempt. Behind an interface so
 * that a fleet can share one backoff later.
 */
export interface BackoffState {
  /** The failure of the last attempt, with the moment we may try again; undefined after a success. */
  lastFailure(now: number): KeySourceFailure | undefined;
  /** True while no attempt may start. */
  isBlocked(now: number): boolean;
  /** Records a failed attempt; `failure.retryAt` says when the next may start. */
  failed(failure: KeySourceFailure, now: number): void;
  succeeded(): void;
}

/**
 * The in-memory {@link BackoffState}. The wait is kept as a duration from the failure, so a clock
 * that steps back cannot stretch a 10 s backoff into hours: the wait restarts from the new time.
 */
export function createMemoryBackoffState(): BackoffState {
  let failure: KeySourceFailure | undefined;
  let failedAt = 0;
  let waitMs = 0;

  function current(now: number): KeySourceFailure | undefined {
    if (failure && now < failedAt) {
      failedAt = now;
      failure = new KeySourceFailure(failure.code, failure.description, now + waitMs);
    }
    return failure;
  }

  return {
    lastFailure: current,
    isBlocked(now) {
      const f = current(now);
      return f !== undefined && now < f.retryAt;
    },
    failed(next, now) {
      failure = next;
      failedAt = now;
      waitMs = Math.max(0, next.retryAt - now);
    },
    succeeded() {
      failure = undefined;
    },
  };
}
