import type { Answer } from './traffic.js';
import type { TrafficClass } from './tokens.js';

/** Answers counted by status: `{ 200: 1234, 401: 5 }`. */
export type StatusCounts = Record<number, number>;

export function countStatuses(answers: readonly Answer[]): StatusCounts {
  const counts: StatusCounts = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}

export function ofClass(answers: readonly Answer[], ...classes: TrafficClass[]): Answer[] {
  return answers.filter((a) => classes.includes(a.cls));
}

export const isValid = (a: Answer): boolean => a.cls === 'reused' || a.cls === 'new';

/** The `p`-th percentile (0–100) of the answers' latency in ms, by the nearest-rank method. */
export function percentileMs(answers: readonly Answer[], p: number): number {
  if (answers.length === 0) return Number.NaN;
  const sorted = answers.map((a) => a.doneAt - a.sentAt).sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Valid tokens signed by the rotated key: when the first was sent, and the refusals after it. */
export interface RefusalWindow {
  /** Soak-clock ms of the first valid token signed by the new key. */
  firstNewKeyAt: number | undefined;
  newKeyAnswers: number;
  refused: number;
  /** Seconds from the first new-key token to the last refused one sent (0 when none was refused). */
  refusingSeconds: number;
  /** Refused new-key tokens sent more than `limitMs` after the first one. */
  refusedBeyondLimit: number;
}

export function refusalWindow(answers: readonly Answer[], limitMs: number): RefusalWindow {
  const newKey = answers.filter((a) => isValid(a) && a.newKey);
  const firstNewKeyAt = newKey.length === 0 ? undefined : Math.min(...newKey.map((a) => a.sentAt));
  const refused = newKey.filter((a) => a.status !== 200);
  const last = refused.length === 0 ? undefined : Math.max(...refused.map((a) => a.sentAt));
  return {
    firstNewKeyAt,
    newKeyAnswers: newKey.length,
    refused: refused.length,
    refusingSeconds: last === undefined || firstNewKeyAt === undefined ? 0 : (last - firstNewKeyAt) / 1000,
    refusedBeyondLimit: firstNewKeyAt === undefined ? 0 : refused.filter((a) => a.sentAt - firstNewKeyAt > limitMs).length,
  };
}

/** What {@link checkRetryAfter} found. */
export interface RetryAfterCheck {
  /** 503 answers with a Retry-After that could be judged. */
  judged: number;
  /** 503 answers without a Retry-After header. */
  missing: number;
  /** Judged answers after whose Retry-After the IdP saw no attempt within the tolerance. */
  tooEarly: number;
  /** The most the next real attempt came after a Retry-After (ms; negative: always before it). */
  worstLateMs: number;
  /** Largest Retry-After given, seconds. */
  maxRetryAfter: number;
}

/**
 * Is each 503's Retry-After truthful: does the IdP really see the middleware's next attempt by then?
 *
 * The middleware computes `retryAt` (its next real attempt) at some moment between sending and
 * answering, and says `Retry-After: ceil((retryAt − then) / 1 s)`. So `retryAt` lies after
 * `sentAt + (RA − 1) s` and at or before `doneAt + RA s`: the IdP must see a request in that span
 * (plus `toleranceMs` for the time the next unknown `kid` takes to arrive and for a busy machine).
 * Answers whose span ends after the traffic stopped cannot be judged (nothing would trigger the
 * attempt) and are left out.
 */
export function checkRetryAfter(answers: readonly Answer[], idpTimes: readonly number[], trafficEnd: number, toleranceMs: number): RetryAfterCheck {
  const result: RetryAfterCheck = { judged: 0, missing: 0, tooEarly: 0, worstLateMs: Number.NEGATIVE_INFINITY, maxRetryAfter: 0 };
  for (const a of answers) {
    if (a.status !== 503) continue;
    if (a.retryAfter === undefined || !Number.isFinite(a.retryAfter)) {
      result.missing++;
      continue;
    }
    result.maxRetryAfter = Math.max(result.maxRetryAfter, a.retryAfter);
    const promised = a.doneAt + a.retryAfter * 1000;
    if (promised + toleranceMs > trafficEnd) continue;
    result.judged++;
    const from = a.sentAt + (a.retryAfter - 1) * 1000;
    const next = idpTimes.find((t) => t >= from);
    const late = next === undefined ? Number.POSITIVE_INFINITY : next - promised;
    result.worstLateMs = Math.max(result.worstLateMs, late);
    if (late > toleranceMs) result.tooEarly++;
  }
  return result;
}
