const units: Record<string, number> = { ms: 0.001, s: 1, sec: 1, m: 60, min: 60, h: 3600, d: 86400 };

/**
 * Reads a duration given as seconds (`60`) or a string with a unit (`'60s'`, `'2m'`, `'1h'`,
 * `'500ms'`) and returns seconds. Throws a `TypeError` naming `what` for anything else.
 */
export function parseDurationSeconds(value: number | string, what: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
  } else if (typeof value === 'string') {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h|d)?\s*$/.exec(value);
    if (match) return Number(match[1]) * (units[match[2] ?? 's'] ?? 1);
  }
  throw new TypeError(
    `bearer-guard: ${what} must be a non-negative number of seconds or a string like '60s', '2m', '1h'; got ${JSON.stringify(value)}`,
  );
}

/** A configured duration (or, when absent, `fallbackSeconds`) in whole milliseconds; see {@link parseDurationSeconds}. */
export function durationMs(value: number | string | undefined, fallbackSeconds: number, what: string): number {
  return Math.round(parseDurationSeconds(value ?? fallbackSeconds, what) * 1000);
}

/** Formats seconds for people: `3m12s`, `45s`, `2h5m`, `1d3h`. */
export function formatSeconds(totalSeconds: number): string {
  let s = Math.round(Math.abs(totalSeconds));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d) return `${d}d${h ? `${h}h` : ''}`;
  if (h) return `${h}h${m ? `${m}m` : ''}`;
  if (m) return `${m}m${s ? `${s}s` : ''}`;
  return `${s}s`;
}

/** Formats epoch seconds as `2026-01-01T00:00:00Z`, or `out of range` past what a Date holds. */
export function isoSeconds(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? 'out of range' : date.toISOString().replace('.000Z', 'Z');
}
