// src/testing/dpop.ts:62
import { createDpopKey, createTestIssuer } from 'bearer-guard/testing';
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    
    const issuer = await createTestIssuer();
    const key = await createDpopKey();
    const token = await issuer.token({ dpopKey: key, scopes: 'orders:read' });
    const url = 'http://127.0.0.1:3000/orders';
    const headers = { Authorization: `DPoP ${token}`, DPoP: key.proof({ method: 'GET', url, accessToken: token }) };
  }
}
