const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * Reads a duration given as seconds (`90`) or as a string with a unit
 * (`'30s'`, `'5m'`, `'1h'`, `'2d'`, `'-1h'`) and returns whole seconds.
 *
 * @internal
 */
export function durationToSeconds(value: number | string, name: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${name} must be a finite number of seconds, got ${value}`);
    return Math.trunc(value);
  }
  const match = /^\s*(-?\d+)\s*([smhd]?)\s*$/.exec(value);
  if (!match) {
    throw new TypeError(`${name} must be seconds or a string like '30s', '5m', '1h', '2d'; got '${value}'`);
  }
  const [, amount = '0', unit = ''] = match;
  return Number(amount) * (UNIT_SECONDS[unit || 's'] ?? 1);
}
