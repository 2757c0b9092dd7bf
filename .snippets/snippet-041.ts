// src/testing/parse-www-authenticate.ts:37
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    parseWwwAuthenticate('Bearer realm="api", error="invalid_token", DPoP algs="ES256 PS256"');
    // [ { scheme: 'Bearer', params: { realm: 'api', error: 'invalid_token' } },
    //   { scheme: 'DPoP', params: { algs: 'ES256 PS256' } } ]
  }
}
