import { formatSeconds, isoSeconds } from '../core/index.js';

/** One time claim in human terms. */
export interface TimeClaim {
  name: string;
  /** Seconds since the epoch, as the token carries it. */
  seconds: number;
  /** `2026-01-01T00:00:00Z`, or `out of range` for absurd values. */
  iso: string;
  /** Relative to now: `expired 3m12s ago`, `expires in 55m`, `5m ago`, `in 2m`. */
  relative: string;
}

const timeClaims = ['iat', 'nbf', 'exp', 'auth_time'] as const;

function relative(name: string, diff: number): string {
  const span = formatSeconds(diff);
  if (name === 'exp') return diff <= 0 ? `expired ${span} ago` : `expires in ${span}`;
  if (diff === 0) return 'now';
  return diff < 0 ? `${span} ago` : `in ${span}`;
}

/** The numeric time claims of a payload, with the time relative to `nowMs`. */
export function describeTimes(payload: Record<string, unknown>, nowMs: number): TimeClaim[] {
  const nowSec = Math.floor(nowMs / 1000);
  const times: TimeClaim[] = [];
  for (const name of timeClaims) {
    const seconds = payload[name];
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) continue;
    times.push({ name, seconds, iso: isoSeconds(seconds), relative: relative(name, seconds - nowSec) });
  }
  return times;
}
