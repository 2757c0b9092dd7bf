// README.md:598
import type { KeyCache } from 'bearer-guard';
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    
    const keyCache: KeyCache = {
      async get(url) {
        const value = await redis.get(`jwks:${url}`);
        return value ? JSON.parse(value) : undefined;
      },
      async set(url, value, ttlMs) {
        await redis.set(`jwks:${url}`, JSON.stringify(value), 'PX', ttlMs);
      },
    };
    const auth = bearerAuth({ issuers, audience, keys: { cache: keyCache } });
  }
}
