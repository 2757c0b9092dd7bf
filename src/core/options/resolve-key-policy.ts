import { configurationError as fail } from '../errors/configuration-error.js';
import { createMemoryKeyCache, type KeyCache } from '../keys/key-cache.js';
import type { KeyFleet } from '../keys/key-fleet.js';
import { durationMs as ms } from '../lib/duration.js';
import type { KeyOptions } from './options.js';

/** Key store policy in milliseconds. */
export interface KeyPolicy {
  readonly timeoutMs: number;
  readonly minTtlMs: number;
  readonly maxTtlMs: number;
  readonly defaultTtlMs: number;
  /** Average time between refreshes forced by unknown kids (the token bucket's refill). */
  readonly unknownKidRefreshIntervalMs: number;
  /** Most refreshes forced by unknown kids in a row (the token bucket's size). */
  readonly unknownKidRefreshBurst: number;
  /** How long a kid a refresh did not find is answered 401 without another refresh. */
  readonly absentKidMemoryMs: number;
  readonly maxStaleMs: number;
  readonly errorBackoffMs: number;
  readonly maxResponseBytes: number;
  readonly cache: KeyCache;
  /** The fleet's coordination, when `keys.shared` is given. */
  readonly fleet?: KeyFleet;
}

const knownKeyOptions = new Set([
  'timeout', 'minCacheTtl', 'maxCacheTtl', 'defaultCacheTtl', 'unknownKidRefreshInterval', 'unknownKidRefreshBurst',
  'absentKidMemory', 'maxStale', 'errorBackoff', 'maxResponseBytes', 'cache', 'shared',
]);

/** The `keys` option: fetching and caching of discovery documents and key sets, validated. */
export function resolveKeyPolicy(input: KeyOptions | undefined): KeyPolicy {
  const k = input ?? {};
  if (typeof k !== 'object' || k === null) fail('keys must be an object');
  for (const key of Object.keys(k)) {
    if (key === 'refreshCooldown') {
      fail('keys.refreshCooldown was replaced by keys.unknownKidRefreshInterval and keys.unknownKidRefreshBurst (a refresh budget that forged kids cannot use up)');
    }
    if (!knownKeyOptions.has(key)) fail(`unknown option keys.${key} (use ${[...knownKeyOptions].join(', ')})`);
  }
  const keys: KeyPolicy = {
    timeoutMs: ms(k.timeout, 5, 'keys.timeout'),
    minTtlMs: ms(k.minCacheTtl, 60, 'keys.minCacheTtl'),
    maxTtlMs: ms(k.maxCacheTtl, 86_400, 'keys.maxCacheTtl'),
    defaultTtlMs: ms(k.defaultCacheTtl, 600, 'keys.defaultCacheTtl'),
    unknownKidRefreshIntervalMs: ms(k.unknownKidRefreshInterval, 4, 'keys.unknownKidRefreshInterval'),
    unknownKidRefreshBurst: k.unknownKidRefreshBurst ?? 2,
    absentKidMemoryMs: ms(k.absentKidMemory, 30, 'keys.absentKidMemory'),
    maxStaleMs: ms(k.maxStale, 43_200, 'keys.maxStale'),
    errorBackoffMs: ms(k.errorBackoff, 10, 'keys.errorBackoff'),
    maxResponseBytes: k.maxResponseBytes ?? 512 * 1024,
    cache: k.shared?.keyCache ?? k.cache ?? createMemoryKeyCache(),
    ...(k.shared ? { fleet: k.shared.fleet } : {}),
  };
  if (k.shared !== undefined) {
    if (k.cache !== undefined) fail('give keys.shared or keys.cache, not both: the shared store brings its own key cache');
    const f = k.shared?.fleet as Partial<KeyFleet> | undefined;
    if (typeof k.shared?.keyCache?.get !== 'function' || typeof f?.tryLease !== 'function' || typeof f.readBackoff !== 'function') {
      fail('keys.shared must be a shared key store such as createRedisStore(client) from bearer-guard/redis');
    }
  }
  if (keys.timeoutMs <= 0) fail('keys.timeout must be more than 0');
  if (!Number.isInteger(keys.maxResponseBytes) || keys.maxResponseBytes < 1024) fail('keys.maxResponseBytes must be an integer of at least 1024');
  if (keys.unknownKidRefreshIntervalMs < 1000 || keys.unknownKidRefreshIntervalMs > 300_000) {
    fail('keys.unknownKidRefreshInterval must be between 1s and 5m: shorter lets forged kids hammer the IdP, longer delays key rotations');
  }
  if (!Number.isInteger(keys.unknownKidRefreshBurst) || keys.unknownKidRefreshBurst < 1 || keys.unknownKidRefreshBurst > 10) {
    fail('keys.unknownKidRefreshBurst must be an integer from 1 to 10');
  }
  if (keys.absentKidMemoryMs < 1000 || keys.absentKidMemoryMs > 3_600_000) fail('keys.absentKidMemory must be between 1s and 1h');
  if (keys.minTtlMs > keys.maxTtlMs) fail('keys.minCacheTtl must not exceed keys.maxCacheTtl');
  if (typeof keys.cache.get !== 'function' || typeof keys.cache.set !== 'function') fail('keys.cache must have get() and set()');

  return keys;
}
