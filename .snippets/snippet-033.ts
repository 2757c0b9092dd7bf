// src/koa/bearer-auth.ts:50
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    const auth = bearerAuth({
      issuers: ['https://dev-123.okta.com/oauth2/default'],
      audience: 'api://default',
    });
    app.use(auth);
    app.use(auth.requireScopes('okta.users.read'));
    app.use((ctx) => {
      ctx.body = { subject: ctx.state.auth?.subject };
    });
  }
}
