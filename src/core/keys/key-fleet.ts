import type { KeySourceCode } from './key-source-failure.js';

/** Held by the one instance that fetches for the fleet; released when its fetch is done. */
export interface FleetLease {
  release(): Promise<void>;
}

/** An IdP's "wait until" as one instance heard it, for every instance to obey. */
export interface SharedBackoff {
  /** Epoch ms before which no instance asks the IdP again. */
  retryAt: number;
  code: KeySourceCode;
  description: string;
}

/** The `jwks_uri` one instance discovered for an issuer. */
export interface SharedDiscovery {
  jwksUri: string;
  /** Epoch ms when it was discovered. */
  discoveredAt: number;
}

/**
 * How the instances of one API share their dealings with the IdP: one discovery, one key fetch at a
 * time for the whole fleet, one backoff when the IdP rate-limits, one budget for unknown-`kid`
 * refreshes. `bearer-guard/redis` implements it over Redis; any method may reject or time out, and
 * the key store then acts as a lone instance for that step.
 */
export interface KeyFleet {
  readDiscovery(issuer: string): Promise<SharedDiscovery | undefined>;
  writeDiscovery(issuer: string, discovery: SharedDiscovery, ttlMs: number): Promise<void>;
  /** Takes the lease to fetch `resource` for the fleet; undefined when another instance holds it. */
  tryLease(resource: string, leaseMs: number): Promise<FleetLease | undefined>;
  readBackoff(resource: string): Promise<SharedBackoff | undefined>;
  writeBackoff(resource: string, backoff: SharedBackoff, now: number): Promise<void>;
  /**
   * Takes one unknown-`kid` refresh from the fleet's budget for `resource`: at most `burst` per
   * `periodMs` across all instances. False when the fleet has used them up.
   */
  takeRefresh(resource: string, periodMs: number, burst: number): Promise<boolean>;
  /** How long an instance waits for the lease holder's result before fetching on its own. */
  readonly waitForLeaseMs: number;
  /** How long a fetch lease lasts when its holder dies without releasing it. */
  readonly leaseMs: number;
}
