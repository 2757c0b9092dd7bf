// src/core/mtls/mtls-options.ts:5
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    // Node terminates TLS itself: https.createServer({ requestCert: true, … }, app)
    const auth = bearerAuth({ issuers, audience, mtls: {} });
    // Behind a proxy that forwards the verified client certificate (RFC 9440):
    const proxied = bearerAuth({ issuers, audience, mtls: { certificateHeader: 'client-cert' } });
  }
}
