// src/core/options/presets.ts:42
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    bearerAuth({ issuers: [okta({ domain: 'dev-123.okta.com' })], audience: 'api://default' });
  }
}
