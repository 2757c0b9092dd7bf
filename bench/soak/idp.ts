import { createTestIssuer, type Fault, type TestIssuer } from 'bearer-guard/testing';

/** How often the soak looks at the IdP's request counters: the resolution of every IdP timestamp. */
export const idpPollMs = 10;

/** The soak's IdP: the testing kit's local issuer, with the time of every request it received. */
export interface SoakIdp {
  readonly issuer: TestIssuer;
  /** Soak-clock ms of every discovery or JWKS request the IdP received, oldest first. */
  readonly requestTimes: readonly number[];
  /** Makes discovery and the JWKS fail with `fault` (from `at`, soak-clock ms), until `restore`. */
  fail(fault: Fault): void;
  restore(): void;
  close(): Promise<void>;
}

/**
 * Starts the IdP. `now` is the soak's clock (ms since the scenario started): the IdP's request times
 * and the load generator's answers are on the same clock. The counters are read every
 * {@link idpPollMs} ms, so a request time is late by at most that.
 */
export async function startIdp(now: () => number, jwksCacheControl: string | undefined): Promise<SoakIdp> {
  const issuer = await createTestIssuer(jwksCacheControl ? { jwksCacheControl } : {});
  const requestTimes: number[] = [];
  const seen = (): number => issuer.hits.jwks + issuer.hits.discovery;
  let counted = seen();
  const poll = setInterval(() => {
    const total = seen();
    const at = now();
    for (; counted < total; counted++) requestTimes.push(at);
  }, idpPollMs);
  return {
    issuer,
    requestTimes,
    fail(fault) {
      issuer.fail('jwks', fault);
      issuer.fail('discovery', fault);
    },
    restore: () => issuer.restore(),
    async close() {
      clearInterval(poll);
      await issuer.close();
    },
  };
}

/** The first IdP request at or after `from` (soak-clock ms), or undefined. */
export function firstRequestFrom(times: readonly number[], from: number): number | undefined {
  return times.find((t) => t >= from);
}
