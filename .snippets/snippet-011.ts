// README.md:733
import type { DpopReplayStore } from 'bearer-guard';
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    
    const replayStore: DpopReplayStore = {
      async markUsed(id, expiresAt, now) {
        return (await redis.set(`dpop:${id}`, '1', 'PX', Math.max(1, expiresAt - now), 'NX')) === 'OK';
      },
    };
  }
}
