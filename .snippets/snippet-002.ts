// README.md:201
import Koa from 'koa';
import { bearerAuth, requireScopes } from 'bearer-guard/koa';
export async function snippet(
  app: import('koa')<import('bearer-guard/koa').AuthState>,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    
    const app = new Koa();
    const auth = bearerAuth({ issuers: ['https://dev-123.okta.com/oauth2/default'], audience: 'api://default' });
    app.use(auth);                              // ctx.state.auth is typed: token, claims, scopes, issuer
    app.use(auth.requireScopes('users:read'));  // or requireAnyScope / requireClaims, per route
    // or, configured from the environment: app.use(requireScopes('okta.users.read'))
  }
}
