import type { CachedKeySet } from '../core/keys/key-cache.js';
import { assertSecureUrl } from '../core/keys/issuer-url.js';
import type { SharedBackoff, SharedDiscovery } from '../core/keys/key-fleet.js';
import type { SharedIntrospectionResult } from '../core/introspection/shared-introspection.js';

const maxEntryLifetimeMs = 7 * 24 * 3600 * 1000;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEpochMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/**
 * A key set read back from Redis, when it has the shape the key store writes; anything else is a
 * miss. The keys themselves are checked again by the key store (as for a fetched set) before use.
 */
export function asCachedKeySet(value: unknown): CachedKeySet | undefined {
  if (!isPlainObject(value) || !isPlainObject(value.jwks) || !Array.isArray(value.jwks.keys)) return undefined;
  if (!value.jwks.keys.every(isPlainObject)) return undefined;
  const { fetchedAt, expiresAt } = value;
  if (!isEpochMs(fetchedAt) || !isEpochMs(expiresAt) || expiresAt < fetchedAt || expiresAt - fetchedAt > maxEntryLifetimeMs) return undefined;
  return { jwks: { keys: value.jwks.keys }, fetchedAt, expiresAt };
}

/** Longest an introspection result may be shared; each instance's own cache rules are shorter still. */
const maxIntrospectionLifetimeMs = 24 * 3600 * 1000;

/**
 * An introspection result read back from Redis, when it has the shape the introspector writes;
 * anything else is a miss. The introspector checks an active answer's members again before use.
 */
export function asSharedIntrospection(value: unknown): SharedIntrospectionResult | undefined {
  if (!isPlainObject(value) || typeof value.issuer !== 'string' || typeof value.active !== 'boolean') return undefined;
  const { answeredAt, expiresAt, members } = value;
  if (!isEpochMs(answeredAt) || !isEpochMs(expiresAt) || expiresAt < answeredAt || expiresAt - answeredAt > maxIntrospectionLifetimeMs) return undefined;
  if (!value.active) return members === undefined ? { issuer: value.issuer, active: false, answeredAt, expiresAt } : undefined;
  if (!isPlainObject(members) || members.active !== true) return undefined;
  return { issuer: value.issuer, active: true, members, answeredAt, expiresAt };
}

/** A discovery result read back from Redis: its `jwks_uri` must pass the rules a configured one does. */
export function asDiscovery(value: unknown): SharedDiscovery | undefined {
  const v = value as Partial<SharedDiscovery> | undefined;
  if (typeof v?.discoveredAt !== 'number' || !Number.isFinite(v.discoveredAt)) return undefined;
  try {
    assertSecureUrl(v.jwksUri, 'shared jwks_uri', { allowQuery: true });
  } catch {
    return undefined;
  }
  return { jwksUri: v.jwksUri as string, discoveredAt: v.discoveredAt };
}

const backoffCodes = new Set(['jwks_unavailable', 'jwks_invalid', 'idp_rate_limited', 'discovery_failed', 'discovery_issuer_mismatch']);

/** An IdP backoff read back from Redis: a known failure code, a bounded description, a finite time. */
export function asBackoff(value: unknown): SharedBackoff | undefined {
  const v = value as Partial<SharedBackoff> | undefined;
  if (typeof v?.retryAt !== 'number' || !Number.isFinite(v.retryAt) || !backoffCodes.has(v.code as string)) return undefined;
  if (typeof v.description !== 'string' || v.description.length > 1000) return undefined;
  return { retryAt: v.retryAt, code: v.code as SharedBackoff['code'], description: v.description };
}
