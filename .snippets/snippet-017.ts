// src/core/dpop/dpop-options.ts:12
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    const auth = bearerAuth({
      issuers: ['https://issuer.example.com'],
      audience: 'https://api.example.com',
      dpop: { mode: 'required', publicUrl: 'https://api.example.com' },
    });
  }
}
