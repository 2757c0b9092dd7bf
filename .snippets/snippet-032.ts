// src/koa/bearer-auth.ts:19
export async function snippet(
  app: import('express').Express,
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
