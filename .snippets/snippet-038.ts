// src/testing/expect-challenge.ts:36
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    const res = await request(app).get('/orders').set('authorization', `Bearer ${await issuer.tokens.expired()}`);
    expectChallenge(res, { status: 401, error: 'invalid_token', errorDescription: /expired/ });
    
    expectChallenge(await fetch(url), { status: 401, error: null, realm: 'api' });
    expectChallenge(outage, { status: 503, scheme: null });
  }
}
