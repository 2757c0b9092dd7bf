/**
 * The fetch timeout of tests that are not about timeouts.
 *
 * A fetch from the local issuer takes milliseconds, but the suite runs beside other work: at a load
 * average of 25 to 40 on two cores a test process waits seconds for a core, and a fetch that passes
 * its timeout turns the answer a test expects into a 503 (seen: `jwks_unavailable` after 5.5 s in a
 * test about duplicated kids). So tests that are not about timeouts give a limit no busy machine
 * reaches; the tests about timeouts set a short one and assert the reason the request was
 * abandoned ("no answer within 300 ms"), never the wall-clock time it took.
 */
export const busyMachineTimeout = '10m';

/**
 * A `fetch` option that passes the caller's abort signal (which carries its timeout) only for the
 * requests `abandonable` picks, the ones a test makes hang, and drops it for the others. A test that
 * needs both a request that times out and one that succeeds under the same short limit uses it, so
 * that a normal answer a busy machine delays cannot lose the race with that timer.
 */
export function fetchAbandoningOnly(abandonable: (input: string | URL | Request, init: RequestInit | undefined) => boolean): typeof fetch {
  return (input, init) => fetch(input, abandonable(input, init) ? init : { ...init, signal: null });
}

/** A `fetch` option whose requests are never abandoned (see {@link fetchAbandoningOnly}). */
export const fetchNeverAbandoned: typeof fetch = fetchAbandoningOnly(() => false);
