import { createHash, randomBytes } from 'node:crypto';
import { createRedisCommands, type RedisClientLike } from './commands.js';
import type { ResolvedRedisStoreOptions } from './redis-store-options.js';
import { seal, unseal } from './sealed-json.js';

/** Releases a lease only if it is still ours (the lease may have run out and been taken by another). */
const releaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
/** Counts a use of a budget window, starting the window on its first use. */
const countScript = "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n";

/**
 * The Redis side of the store: named keys (hashed, so a secret in a JWKS URL or a token never
 * becomes a Redis key), sealed values, bounded commands, and events when Redis fails or recovers.
 */
export interface RedisConnection {
  read(kind: string, id: string): Promise<unknown>;
  write(kind: string, id: string, value: unknown, ttlMs: number): Promise<void>;
  /** SET NX PX: true when the key did not exist and is now ours. */
  claim(kind: string, id: string, value: string, ttlMs: number): Promise<boolean>;
  releaseIfOwned(kind: string, id: string, value: string): Promise<void>;
  /** Counts one use in a window of `windowMs`; resolves with the count so far. */
  countInWindow(kind: string, id: string, windowMs: number): Promise<number>;
  rejected(kind: string, reason: string): void;
  newOwnerId(): string;
}

export function createRedisConnection(client: RedisClientLike, options: ResolvedRedisStoreOptions): RedisConnection {
  const commands = createRedisCommands(client, options.timeoutMs);
  let healthy = true;

  function key(kind: string, id: string): string {
    return `${options.prefix}${kind}:${createHash('sha256').update(id).digest('base64url')}`;
  }

  async function send(operation: string, args: string[]): Promise<unknown> {
    try {
      const reply = await commands.send(args);
      if (!healthy) {
        healthy = true;
        options.onEvent({ type: 'redis_recovered' });
      }
      return reply;
    } catch (error) {
      if (healthy) {
        healthy = false;
        options.onEvent({ type: 'redis_unavailable', operation, reason: error instanceof Error ? error.message : String(error) });
      }
      throw error;
    }
  }

  const ttl = (ms: number) => String(Math.max(1, Math.ceil(ms)));

  return {
    async read(kind, id) {
      const text = await send(`read ${kind}`, ['GET', key(kind, id)]);
      if (text === null || text === undefined) return undefined;
      const value = unseal(typeof text === 'string' ? text : String(text), options.integritySecret);
      if (value === undefined) options.onEvent({ type: 'redis_entry_rejected', kind, reason: 'not a sealed entry of this store (corrupt, tampered, or another secret)' });
      return value;
    },
    async write(kind, id, value, ttlMs) {
      await send(`write ${kind}`, ['SET', key(kind, id), seal(value, options.integritySecret), 'PX', ttl(ttlMs)]);
    },
    async claim(kind, id, value, ttlMs) {
      return (await send(`claim ${kind}`, ['SET', key(kind, id), value, 'NX', 'PX', ttl(ttlMs)])) === 'OK';
    },
    async releaseIfOwned(kind, id, value) {
      await send(`release ${kind}`, ['EVAL', releaseScript, '1', key(kind, id), value]);
    },
    async countInWindow(kind, id, windowMs) {
      return Number(await send(`count ${kind}`, ['EVAL', countScript, '1', key(kind, id), ttl(windowMs)]));
    },
    rejected(kind, reason) {
      options.onEvent({ type: 'redis_entry_rejected', kind, reason });
    },
    newOwnerId: () => randomBytes(12).toString('base64url'),
  };
}
