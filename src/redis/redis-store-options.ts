import { durationMs } from '../core/lib/duration.js';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** Prepended to every key bearer-guard writes. Default `'bearer-guard:'`. */
  prefix?: string;
  /** Longest wait for one Redis command; past it the instance acts alone for that step. Default `'250ms'`. */
  timeout?: number | string;
  /**
   * Secret (at least 32 bytes) for an HMAC over every shared entry. Recommended whenever anyone
   * else can write to this Redis: without it, entries are checked for shape only, and whoever can
   * write to Redis can plant key sets.
   */
  integritySecret?: string | Buffer;
  /** How long the instance that fetches for the fleet holds its lease. Default `'10s'`. */
  lease?: number | string;
  /** How long other instances wait for the lease holder's result before fetching themselves. Default `'5s'`. */
  waitForLease?: number | string;
  /**
   * DPoP replay protection while Redis cannot answer: `'refuse'` (default) answers 503 to
   * DPoP requests until Redis is back; `'local'` remembers proofs in this instance's memory
   * meanwhile, so a proof replayed against another instance can pass during the outage.
   */
  replayWhenRedisFails?: 'refuse' | 'local';
  /** Redis trouble and recovery, for logs and metrics. Never contains a key set or a token. */
  onEvent?: (event: RedisStoreEvent) => void;
}

/** Reported by the Redis store: Redis failing (the instance acts alone meanwhile), then recovering. */
export type RedisStoreEvent =
  | { type: 'redis_unavailable'; operation: string; reason: string }
  | { type: 'redis_recovered' }
  | { type: 'redis_entry_rejected'; kind: string; reason: string };

export interface ResolvedRedisStoreOptions {
  prefix: string;
  timeoutMs: number;
  integritySecret: Buffer | undefined;
  leaseMs: number;
  waitForLeaseMs: number;
  replayWhenRedisFails: 'refuse' | 'local';
  onEvent: (event: RedisStoreEvent) => void;
}

function millis(value: number | string | undefined, fallbackSeconds: number, what: string, min: number, max: number): number {
  const ms = durationMs(value, fallbackSeconds, `redis store ${what}`);
  if (ms < min || ms > max) throw new TypeError(`bearer-guard: redis store ${what} must be between ${min} ms and ${max} ms; got ${ms} ms`);
  return ms;
}

/** Validates the options once, at construction: a mistake is a TypeError, never a failing request. */
export function resolveRedisStoreOptions(options: RedisStoreOptions): ResolvedRedisStoreOptions {
  const prefix = options.prefix ?? 'bearer-guard:';
  if (typeof prefix !== 'string' || !/^[\w:.{}-]{0,64}$/.test(prefix)) {
    throw new TypeError('bearer-guard: redis store prefix must be up to 64 characters of letters, digits, _ - . : { }');
  }
  let integritySecret: Buffer | undefined;
  if (options.integritySecret !== undefined) {
    integritySecret = Buffer.from(options.integritySecret);
    if (integritySecret.length < 32) throw new TypeError('bearer-guard: redis store integritySecret must be at least 32 bytes');
  }
  const leaseMs = millis(options.lease, 10, 'lease', 100, 600_000);
  const waitForLeaseMs = millis(options.waitForLease, 5, 'waitForLease', 0, leaseMs);
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') throw new TypeError('bearer-guard: redis store onEvent must be a function');
  const hook = options.onEvent;
  const replayWhenRedisFails = options.replayWhenRedisFails ?? 'refuse';
  if (replayWhenRedisFails !== 'refuse' && replayWhenRedisFails !== 'local') {
    throw new TypeError(`bearer-guard: redis store replayWhenRedisFails must be 'refuse' or 'local'`);
  }
  return {
    prefix,
    timeoutMs: millis(options.timeout, 0.25, 'timeout', 1, 60_000),
    integritySecret,
    leaseMs,
    waitForLeaseMs,
    replayWhenRedisFails,
    onEvent: (event) => {
      try {
        hook?.(event);
      } catch {
        // A logging hook must never break authentication.
      }
    },
  };
}
