// src/express/index.ts:5
import { bearerAuth, requireScopes } from 'bearer-guard/express';
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    app.use(requireScopes('okta.users.read'));
  }
}
