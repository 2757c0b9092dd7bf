// src/testing/clock.ts:34
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    const clock = createTestClock(Date.UTC(2026, 0, 1));
    const issuer = await createTestIssuer({ clock });
    const token = await issuer.token({ expiresIn: '5m' });
    clock.advance(6 * 60_000); // the token is now expired for a verifier using `clock`
  }
}
