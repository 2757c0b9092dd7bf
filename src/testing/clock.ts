/**
 * A clock the test controls: time moves only when the test says so.
 *
 * Pass it to both the test issuer and the code under test so token times
 * (`iat`, `exp`, `nbf`) and the verifier's "now" agree to the millisecond.
 */
export interface TestClock {
  /** Current time in epoch milliseconds. */
  now(): number;
  /** Moves the clock forward (or backward, with a negative value) by `ms` milliseconds. */
  advance(ms: number): void;
  /** Jumps the clock to `ms` epoch milliseconds. */
  set(ms: number): void;
}

/**
 * Where a time source can come from: an object with `now()` (such as a
 * {@link TestClock}) or a bare function. Both return epoch milliseconds.
 */
export type ClockSource = { now(): number } | (() => number);

/**
 * Creates a manual clock.
 *
 * Without `startMs` the clock starts at the current wall-clock time rounded
 * down to the whole second, so tokens minted from it look realistic while
 * `iat`/`exp` still equal `now()` exactly. Give `startMs` for fully
 * deterministic tests.
 *
 * @param startMs - Start time in epoch milliseconds.
 * @throws TypeError if a time is not a finite number.
 *
 * @example
 * ```ts
 * const clock = createTestClock(Date.UTC(2026, 0, 1));
 * const issuer = await createTestIssuer({ clock });
 * const token = await issuer.token({ expiresIn: '5m' });
 * clock.advance(6 * 60_000); // the token is now expired for a verifier using `clock`
 * ```
 */
export function createTestClock(startMs?: number): TestClock {
  let current = startMs === undefined ? Math.floor(Date.now() / 1000) * 1000 : checkTime(startMs, 'startMs');
  return {
    now: () => current,
    advance(ms) {
      current += checkTime(ms, 'advance(ms)');
    },
    set(ms) {
      current = checkTime(ms, 'set(ms)');
    },
  };
}

/**
 * Turns a {@link ClockSource} (or nothing, meaning the wall clock) into a
 * plain `now()` function.
 *
 * @internal
 */
export function toNowFunction(clock: ClockSource | undefined): () => number {
  if (clock === undefined) return Date.now;
  if (typeof clock === 'function') return clock;
  if (typeof clock.now === 'function') return () => clock.now();
  throw new TypeError('clock must be a function returning epoch ms or an object with a now() method');
}

function checkTime(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${name} must be a finite number of milliseconds, got ${String(value)}`);
  }
  return value;
}
