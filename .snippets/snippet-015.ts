// src/client/index.ts:7
import { createTokenClient } from 'bearer-guard/client';
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    
    const client = createTokenClient({
      issuer: 'https://example.eu.auth0.com/',
      clientId: 'svc-orders',
      clientSecret: process.env.CLIENT_SECRET!,
      audience: 'https://billing.example.com',
    });
    const res = await client.authorizedFetch('https://billing.example.com/invoices');
  }
}
