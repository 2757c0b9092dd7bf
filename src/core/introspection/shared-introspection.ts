import type { FleetLease } from '../keys/key-fleet.js';

/**
 * One introspection answer as a fleet shares it: what the endpoint said about a token, never the
 * token. Each instance that reads it applies its own checks (issuer, audience, time) and its own
 * cache lifetimes to it, as if it had asked the endpoint itself at `answeredAt`.
 */
export interface SharedIntrospectionResult {
  /** The issuer whose introspection endpoint answered. */
  issuer: string;
  /** Whether the endpoint said the token is active. */
  active: boolean;
  /** An active answer's members (RFC 7662 §2.2), after a signed (RFC 9701) answer was verified. */
  members?: Record<string, unknown>;
  /** Epoch ms when the endpoint answered. */
  answeredAt: number;
  /** Epoch ms after which no instance may use it: the writer's own cache lifetime for it. */
  expiresAt: number;
}

/**
 * Where a fleet keeps introspection results, keyed by the issuer and a hash of the token, and the
 * lease that lets one instance ask the endpoint for a token while the others wait for its answer.
 * `bearer-guard/redis` implements it over Redis; any method may reject or time out, and the
 * introspector then acts as a lone instance for that token.
 */
export interface IntrospectionCache {
  read(issuer: string, tokenHash: string): Promise<SharedIntrospectionResult | undefined>;
  write(issuer: string, tokenHash: string, result: SharedIntrospectionResult, ttlMs: number): Promise<void>;
  /** Takes the lease to introspect the token for the fleet; undefined when another instance holds it. */
  tryLease(issuer: string, tokenHash: string, leaseMs: number): Promise<FleetLease | undefined>;
  /** How long an instance waits for the lease holder's answer before asking the endpoint itself. */
  readonly waitForLeaseMs: number;
  /** How long a lease lasts when its holder dies without releasing it. */
  readonly leaseMs: number;
}

/** What `introspection.shared` accepts: a store with an introspection cache, e.g. `createRedisStore(client)`. */
export interface SharedIntrospectionStore {
  readonly introspectionCache: IntrospectionCache;
}
