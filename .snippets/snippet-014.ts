// src/client/create-token-client.ts:31
import { createTokenClient } from 'bearer-guard/client';
import { okta } from 'bearer-guard';
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    
    const client = createTokenClient({
      issuer: okta({ domain: 'dev-123.okta.com', authorizationServer: 'org' }),
      clientId: process.env.OKTA_CLIENT_ID!,
      privateKey: process.env.OKTA_CLIENT_KEY_PEM!,
      scope: 'okta.users.read',
    });
    const users = await client.authorizedFetch('https://dev-123.okta.com/api/v1/users?limit=25');
  }
}
