// src/core/dpop/replay-store.ts:38
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    const auth = bearerAuth({ issuers, audience, dpop: { mode: 'allowed', replayStore: createMemoryReplayStore({ maxEntries: 200_000 }) } });
  }
}
