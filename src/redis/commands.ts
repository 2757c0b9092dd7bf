/**
 * The few Redis commands bearer-guard sends, over whichever client the application already has.
 * No Redis client is imported here: the application passes its own connected client.
 */
export interface RedisCommands {
  /** Sends one command (`['SET', key, value, 'NX', 'PX', '5000']`) and resolves with Redis's reply. */
  send(args: readonly string[]): Promise<unknown>;
}

/** A node-redis (`redis` v4+) client: `sendCommand(['GET', key])`. */
interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>;
}

/** An ioredis client: `call('GET', key)`. */
interface IoRedisLike {
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** What {@link createRedisStore} accepts as its client. */
export type RedisClientLike = NodeRedisLike | IoRedisLike | RedisCommands;

/** Thrown when Redis did not answer within the configured time; treated like any Redis failure. */
export class RedisTimeoutError extends Error {
  constructor(ms: number) {
    super(`Redis did not answer within ${ms} ms`);
    this.name = 'RedisTimeoutError';
  }
}

function adapt(client: RedisClientLike): RedisCommands['send'] {
  if (typeof (client as RedisCommands).send === 'function') return (args) => (client as RedisCommands).send(args);
  // ioredis also has a `sendCommand`, with another meaning: recognise it by `call` first.
  if (typeof (client as IoRedisLike).call === 'function') {
    return (args) => (client as IoRedisLike).call(args[0]!, ...args.slice(1));
  }
  if (typeof (client as NodeRedisLike).sendCommand === 'function') return (args) => (client as NodeRedisLike).sendCommand([...args]);
  throw new TypeError('The Redis client must be a node-redis client (sendCommand), an ioredis client (call), or { send(args) }');
}

/**
 * Wraps a client so that every command settles within `timeoutMs`: a slow or unreachable Redis
 * rejects quickly, and the caller behaves as a lone instance instead of waiting.
 */
export function createRedisCommands(client: RedisClientLike, timeoutMs: number): RedisCommands {
  const send = adapt(client);
  return {
    send(args) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new RedisTimeoutError(timeoutMs)), timeoutMs);
        timer.unref?.();
        let pending: Promise<unknown>;
        try {
          pending = send(args);
        } catch (error) {
          clearTimeout(timer);
          reject(error);
          return;
        }
        pending.then(
          (reply) => {
            clearTimeout(timer);
            resolve(reply);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        );
      });
    },
  };
}
