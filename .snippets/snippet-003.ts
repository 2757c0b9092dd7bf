// README.md:220
import { isBearerGuardError } from 'bearer-guard/koa';
export async function snippet(
  app: import('koa')<import('bearer-guard/koa').AuthState>,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        if (!isBearerGuardError(err)) throw err;
        ctx.status = err.status;
        ctx.set(err.headers);
        ctx.body = err.body;
      }
    });
  }
}
