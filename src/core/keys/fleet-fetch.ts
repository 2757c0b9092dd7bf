import type { KeyFetchReason } from '../pipeline/events.js';
import type { FleetLease, KeyFleet, SharedDiscovery } from './key-fleet.js';
import { KeySourceFailure } from './key-source-failure.js';
import { boundedCall as bounded, callFailed as failed, delay } from '../lib/bounded-call.js';

/** How often a waiting instance looks for the lease holder's result. */
const pollIntervalMs = 50;

/** What the key store lends the fleet logic: its own steps, which keep their local rules. */
export interface FleetFetchSteps {
  /** Adopts a fresh key set another instance shared since ours; true when one was adopted. */
  adoptShared(): Promise<boolean>;
  /** Fetches from the IdP under the local rules (discovery, timeout, stale-if-error bookkeeping). */
  fetchOwn(reason: KeyFetchReason): Promise<void>;
  /** Records the fleet's backoff locally, so this instance answers 503 with the same Retry-After. */
  obeyBackoff(failure: KeySourceFailure): void;
  /** The unknown-kid budget shared by the fleet, from the local policy. */
  readonly refreshIntervalMs: number;
  readonly refreshBurst: number;
  readonly timeoutMs: number;
  readonly clock: () => number;
}

/**
 * One fetch from the IdP for the whole fleet. In order: a key set another instance already shared
 * is adopted; a backoff another instance heard is obeyed; an unknown-`kid` refresh takes from the
 * fleet's budget; then one instance takes the lease and fetches while the others wait (bounded)
 * for its result, and fetch themselves if it does not come, so a dead lease holder never stalls
 * them. Whenever Redis fails, that step is skipped and the instance acts alone.
 */
export async function fetchThroughFleet(fleet: KeyFleet, resource: string, reason: KeyFetchReason, steps: FleetFetchSteps): Promise<void> {
  if (await steps.adoptShared()) return;
  await obeyFleetBackoff(fleet, resource, steps);
  if (reason === 'unknown_kid') {
    const allowed = await bounded(() => fleet.takeRefresh(resource, steps.refreshIntervalMs, steps.refreshBurst), steps.timeoutMs);
    // Another instance looked moments ago and shared what it found (adopted above if newer).
    if (allowed === false) return;
  }
  const lease = await bounded(() => fleet.tryLease(resource, fleet.leaseMs), steps.timeoutMs);
  if (lease === undefined) {
    const polls = Math.ceil(fleet.waitForLeaseMs / pollIntervalMs);
    for (let i = 0; i < polls; i++) {
      await delay(pollIntervalMs);
      if (await steps.adoptShared()) return;
      await obeyFleetBackoff(fleet, resource, steps);
    }
  } else if (lease !== failed && (await sharedSinceFirstLook(fleet, resource, steps, lease))) {
    return;
  }
  await fetchHolding(fleet, resource, reason, steps, lease === failed ? undefined : lease);
}

/**
 * The lease holder looks once more before it fetches: the previous holder may have let go between
 * our first look and our lease, after sharing its key set (adopted: true) or the backoff the IdP
 * asked for (obeyed: thrown). Either way the lease is let go at once.
 */
async function sharedSinceFirstLook(fleet: KeyFleet, resource: string, steps: FleetFetchSteps, lease: FleetLease): Promise<boolean> {
  const letGo = () => void bounded(() => lease.release(), steps.timeoutMs);
  try {
    if (await steps.adoptShared()) {
      letGo();
      return true;
    }
    await obeyFleetBackoff(fleet, resource, steps);
    return false;
  } catch (error) {
    letGo();
    throw error;
  }
}

/** Throws the backoff another instance heard from the IdP, and keeps it locally, while it lasts. */
async function obeyFleetBackoff(fleet: KeyFleet, resource: string, steps: FleetFetchSteps): Promise<void> {
  const backoff = await bounded(() => fleet.readBackoff(resource), steps.timeoutMs);
  if (backoff === failed || !backoff || backoff.retryAt <= steps.clock()) return;
  const failure = new KeySourceFailure(backoff.code, backoff.description, backoff.retryAt);
  steps.obeyBackoff(failure);
  throw failure;
}

async function fetchHolding(fleet: KeyFleet, resource: string, reason: KeyFetchReason, steps: FleetFetchSteps, lease: FleetLease | undefined) {
  try {
    await steps.fetchOwn(reason);
  } catch (error) {
    if (error instanceof KeySourceFailure && error.code === 'idp_rate_limited') {
      const { code, description, retryAt } = error;
      void bounded(() => fleet.writeBackoff(resource, { code, description, retryAt }, steps.clock()), steps.timeoutMs);
    }
    throw error;
  } finally {
    if (lease) void bounded(() => lease.release(), steps.timeoutMs);
  }
}

/** The `jwks_uri` another instance discovered for `issuer`, if the fleet has one. */
export async function readSharedDiscovery(fleet: KeyFleet, issuer: string, timeoutMs: number): Promise<string | undefined> {
  const shared = await bounded(() => fleet.readDiscovery(issuer), timeoutMs);
  return shared === failed ? undefined : shared?.jwksUri;
}

/** Offers a discovery result to the fleet without waiting; kept as long as a key set may be. */
export function shareDiscovery(fleet: KeyFleet, issuer: string, discovery: SharedDiscovery, policy: { defaultTtlMs: number; timeoutMs: number }): void {
  void bounded(() => fleet.writeDiscovery(issuer, discovery, policy.defaultTtlMs), policy.timeoutMs);
}
