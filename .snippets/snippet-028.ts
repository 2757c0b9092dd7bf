// src/express/bearer-auth.ts:26
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
    app.get('/users', auth, auth.requireScopes('okta.users.read'), (req, res) => res.json(req.auth?.claims));
  }
}
