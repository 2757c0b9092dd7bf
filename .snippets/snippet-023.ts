// src/core/oauth/client-auth.ts:64
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    const auth = createClientAuthentication({ clientId: 'svc-orders', privateKey: process.env.CLIENT_KEY_PEM! });
    const { headers, params } = await auth.credentialsFor('https://dev-123.okta.com/oauth2/default/v1/token');
    const body = new URLSearchParams({ grant_type: 'client_credentials', ...params });
    await fetch('https://dev-123.okta.com/oauth2/default/v1/token', { method: 'POST', headers, body });
  }
}
