// src/core/options/env.ts:28
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    const auth = bearerAuth({ ...optionsFromEnv(), onAuthFailure: log });
  }
}
