// README.md:173
import { requireScopes } from 'bearer-guard/express';
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    
    // BEARER_GUARD_ISSUER=https://dev-123.okta.com/oauth2/default BEARER_GUARD_AUDIENCE=api://default
    app.use(requireScopes('okta.users.read'));
  }
}
