// src/testing/index.ts:7
import { createTestClock, createTestIssuer, expectChallenge } from 'bearer-guard/testing';
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    
    const clock = createTestClock();
    const issuer = await createTestIssuer({ shape: 'auth0', clock });
    const token = await issuer.token({ scopes: 'read:orders' });
  }
}
