// src/core/pipeline/verifier.ts:88
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    const verifier = createVerifier({ issuers: ['https://dev-123.okta.com/oauth2/default'], audience: 'api://default' });
    const auth = await verifier.verify(token);
  }
}
