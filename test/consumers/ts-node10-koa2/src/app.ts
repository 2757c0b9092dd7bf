import Koa from 'koa';
import { bearerAuth } from 'bearer-guard/koa';

/** A Koa API as a TypeScript user writes it: ctx.state.auth is typed by importing bearer-guard/koa. */
export function createApp(issuer: string, audience: string): Koa {
  const auth = bearerAuth({ issuers: [issuer], audience });
  const app = new Koa();
  app.use(auth);
  app.use(auth.requireScopes('orders:read'));
  app.use((ctx) => {
    const subject: string | undefined = ctx.state.auth?.subject;
    ctx.body = { subject };
  });
  return app;
}
