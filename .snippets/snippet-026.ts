// src/core/options/presets.ts:76
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    bearerAuth({ issuers: [auth0({ domain: 'example.eu.auth0.com' })], audience: 'https://api.example.com' });
  }
}
