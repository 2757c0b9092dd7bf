// src/core/keys/key-cache.ts:24
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    const redisKeyCache: KeyCache = {
      async get(key) { const v = await redis.get(`jwks:${key}`); return v ? JSON.parse(v) : undefined; },
      async set(key, value, ttlMs) { await redis.set(`jwks:${key}`, JSON.stringify(value), 'PX', ttlMs); },
    };
  }
}
