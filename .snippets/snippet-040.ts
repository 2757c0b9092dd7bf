// src/testing/issuer.ts:50
import { createTestIssuer } from 'bearer-guard/testing';
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    
    const issuer = await createTestIssuer({ shape: 'okta-custom' });
    try {
      const token = await issuer.token({ scopes: ['orders:read'] });
      const expired = await issuer.tokens.expired();
      issuer.fail('jwks', { status: 429, headers: { 'x-rate-limit-reset': '1767225617' } });
      // …call your API with `Authorization: Bearer ${token}`…
    } finally {
      await issuer.close();
    }
  }
}
