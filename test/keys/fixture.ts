import assert from 'node:assert/strict';
import { assembleVerifier, isBearerGuardError, resolveOptions, type BearerGuardError, type KeyEvent, type ResolvedOptions, type Verifier } from '../../src/core/index.js';
import type { BearerGuardOptions, KeyOptions } from '../../src/core/index.js';
import { busyMachineTimeout } from '../helpers/busy-machine.js';
import { createTestClock, createTestIssuer, type TestClock, type TestIssuer, type TestIssuerOptions } from '../../src/testing/index.js';

/** One fresh verifier against the shared issuer: cold cache, clean counters, no faults. */
export interface Scenario {
  issuer: TestIssuer;
  clock: TestClock;
  events: KeyEvent[];
  verifier: Verifier;
  /** The verifier's options as validated. */
  options: ResolvedOptions;
  /** Events of one type, typed. */
  eventsOf<T extends KeyEvent['type']>(type: T): Extract<KeyEvent, { type: T }>[];
}

export interface ScenarioOptions {
  keys?: KeyOptions;
  /** Find the JWKS by discovery instead of configuring `jwksUri`. */
  discovery?: boolean;
  /** Extra verifier options. */
  options?: Partial<BearerGuardOptions>;
}

/**
 * A real local issuer shared by the tests of one file. Its clock follows the clock of the latest
 * scenario, so tokens and the verifier agree on "now" while each test starts from scratch.
 */
export interface KeysHarness {
  readonly issuer: TestIssuer;
  scenario(options?: ScenarioOptions): Scenario;
  /** Another verifier on the current scenario's clock (for fleets sharing a cache). */
  verifierFor(scenario: Scenario, options?: ScenarioOptions): Verifier;
  close(): Promise<void>;
}

export async function startKeysHarness(issuerOptions: Omit<TestIssuerOptions, 'clock'> = {}): Promise<KeysHarness> {
  let clock = createTestClock();
  const issuer = await createTestIssuer({ ...issuerOptions, clock: () => clock.now() });

  function build(current: TestClock, events: KeyEvent[], { keys = {}, discovery = false, options = {} }: ScenarioOptions) {
    return assembleVerifier({
      issuers: [discovery ? issuer.issuer : { issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
      audience: issuer.audience,
      clock: current.now,
      onKeyEvent: (event) => events.push(event),
      // Only the tests about timeouts set one (see busyMachineTimeout).
      keys: { timeout: busyMachineTimeout, ...keys },
      tokenCache: false,
      ...options,
    });
  }

  return {
    issuer,
    scenario(options = {}) {
      clock = createTestClock();
      issuer.restore();
      issuer.resetHits();
      const events: KeyEvent[] = [];
      const { verifier, options: resolved } = build(clock, events, options);
      return {
        issuer,
        clock,
        events,
        verifier,
        options: resolved,
        eventsOf: <T extends KeyEvent['type']>(type: T) => events.filter((e): e is Extract<KeyEvent, { type: T }> => e.type === type),
      };
    },
    verifierFor(scenario, options = {}) {
      return build(scenario.clock, scenario.events, options).verifier;
    },
    close: () => issuer.close(),
  };
}

/** The failure a verification ends with; fails the test if it succeeds or throws anything else. */
/** The options a verifier for the harness's issuer resolves to when nothing is configured. */
export function defaultOptions(h: KeysHarness): ResolvedOptions {
  return resolveOptions({ issuers: [h.issuer.issuer], audience: h.issuer.audience });
}

export async function failureOf(promise: Promise<unknown>): Promise<BearerGuardError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isBearerGuardError(error), `expected a BearerGuardError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the verification to fail');
}

/** Asserts a 503 with an integer `Retry-After` and returns that number. */
export function assertUnavailable(error: BearerGuardError, code?: string): number {
  assert.equal(error.status, 503, `expected 503, got ${error.status} ${error.code}: ${error.description}`);
  if (code !== undefined) assert.equal(error.code, code);
  assert.equal(error.headers['WWW-Authenticate'], undefined);
  const retryAfter = error.headers['Retry-After'];
  assert.match(String(retryAfter), /^[1-9]\d*$/, `Retry-After ${String(retryAfter)} is not a positive integer`);
  return Number(retryAfter);
}

/** Epoch seconds `seconds` from the clock's now. */
export function epochIn(clock: TestClock, seconds: number): string {
  return String(Math.floor(clock.now() / 1000) + seconds);
}

export const second = 1000;
export const minute = 60 * second;
export const hour = 60 * minute;
