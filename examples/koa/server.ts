import Koa from 'koa';
import { bearerAuth, optionsFromEnv, type KoaBearerAuthOptions } from 'bearer-guard/koa';
import { route } from './route.js';

/**
 * The example API, with a guard per route: `/health` is public, anyone with a valid token may
 * read their profile, reading users needs `users:read`, deleting one needs `users:admin` and
 * membership of the `admins` group. Failures are answered by the middleware itself (status,
 * `WWW-Authenticate`, JSON body), exactly as the Express adapter answers them.
 */
export function createApp(options: KoaBearerAuthOptions): Koa {
  const auth = bearerAuth(options);
  const app = new Koa();
  app.use(
    route('GET', '/health', (ctx) => {
      ctx.body = { ok: true };
    }),
  );
  app.use(
    route('GET', '/me', auth, (ctx) => {
      const { subject, scopes, issuer } = ctx.state.auth!;
      ctx.body = { subject, scopes, issuer };
    }),
  );
  app.use(
    route('GET', '/users', auth, auth.requireScopes('users:read'), (ctx) => {
      ctx.body = [{ id: 1, name: 'Ada' }];
    }),
  );
  app.use(
    route('DELETE', '/users/:id', auth, auth.requireAnyScope('users:admin'), auth.requireClaims({ groups: 'admins' }), (ctx) => {
      ctx.body = { deleted: ctx.params.id, by: ctx.state.auth?.subject };
    }),
  );
  return app;
}

// Run directly: BEARER_GUARD_ISSUER=https://dev-123.okta.com/oauth2/default BEARER_GUARD_AUDIENCE=api://default \
//   node --conditions=bearer-guard-source --import tsx examples/koa/server.ts
const runDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (runDirectly) {
  let options: KoaBearerAuthOptions;
  try {
    options = optionsFromEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const server = createApp(options).listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : process.env.PORT;
    console.log(`Koa example API on http://127.0.0.1:${port} (GET /health, GET /me, GET /users, DELETE /users/:id)`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
