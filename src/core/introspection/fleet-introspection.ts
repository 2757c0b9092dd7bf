import { boundedCall, callFailed, delay } from '../lib/bounded-call.js';
import type { IntrospectionCache, SharedIntrospectionResult } from './shared-introspection.js';

/** How often an instance waiting for another one's answer looks for it. */
const pollIntervalMs = 25;

/** What the introspector lends the fleet logic: its own steps, which keep their local rules. */
export interface FleetIntrospectionSteps<Outcome> {
  /** A shared answer taken into the local cache, or undefined when it is not usable here. */
  adopt(result: SharedIntrospectionResult): Outcome | undefined;
  /** Asks the endpoint under the local rules (backoff, call budget), sharing what it hears. */
  askOwn(): Outcome | Promise<Outcome>;
  /** Bound of each call to the shared store. */
  readonly timeoutMs: number;
}

/**
 * One introspection call per token for the whole fleet. An answer another instance shared is
 * adopted; otherwise one instance takes the token's lease and asks the endpoint while the others
 * look for its answer (bounded by `waitForLeaseMs`), and ask themselves if it does not come, or
 * take the lease when its holder gives it up (its call failed). When the store fails or is slow,
 * the instance acts alone at once: one bounded read at most, never a wait for a broken store.
 */
export async function introspectThroughFleet<Outcome>(
  store: IntrospectionCache,
  issuer: string,
  tokenHash: string,
  steps: FleetIntrospectionSteps<Outcome>,
): Promise<Outcome> {
  const read = async (): Promise<Outcome | undefined | typeof callFailed> => {
    const found = await boundedCall(() => store.read(issuer, tokenHash), steps.timeoutMs);
    return found === callFailed ? callFailed : found && steps.adopt(found);
  };
  const takeLease = () => boundedCall(() => store.tryLease(issuer, tokenHash, store.leaseMs), steps.timeoutMs);

  const shared = await read();
  if (shared === callFailed) return steps.askOwn();
  if (shared !== undefined) return shared;
  let lease = await takeLease();
  if (lease === undefined) {
    const polls = Math.ceil(store.waitForLeaseMs / pollIntervalMs);
    for (let i = 0; i < polls && lease === undefined; i++) {
      await delay(pollIntervalMs);
      const answer = await read();
      if (answer === callFailed) break;
      if (answer !== undefined) return answer;
      lease = await takeLease();
    }
  }
  try {
    if (lease !== undefined && lease !== callFailed) {
      // The previous holder may have shared its answer and let go between our read and our lease.
      const answer = await read();
      if (answer !== undefined && answer !== callFailed) return answer;
    }
    return await steps.askOwn();
  } finally {
    // The holder's answer was written before this release, on the same connection, so an instance
    // that finds the lease free also finds the answer.
    if (lease !== undefined && lease !== callFailed) {
      const held = lease;
      void boundedCall(() => held.release(), steps.timeoutMs);
    }
  }
}
