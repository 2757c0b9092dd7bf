// src/core/dpop/replay-store.ts:7
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    // A store shared through Redis (ioredis): SET NX with an expiry is exactly "first use".
    const replayStore: DpopReplayStore = {
      async markUsed(id, expiresAt, now) {
        return (await redis.set(`dpop:${id}`, '1', 'PX', Math.max(1, expiresAt - now), 'NX')) === 'OK';
      },
    };
  }
}
