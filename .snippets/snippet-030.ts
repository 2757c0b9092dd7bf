// src/express/standalone-guards.ts:10
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
