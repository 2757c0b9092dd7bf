import type { CachedKeySet } from '../core/keys/key-cache.js';

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
