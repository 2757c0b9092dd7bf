import { createServer, type Server } from 'node:http';
import { createVerifier, isBearerGuardError } from 'bearer-guard';

/** A framework-free API: the verifier's failures carry the status, headers and body to answer with. */
export function createApi(issuer: string, audience: string): Server {
  const verifier = createVerifier({ issuers: [issuer], audience });
  return createServer((req, res) => {
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    verifier.verify(token).then(
      (auth) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ subject: auth.subject })),
      (error: unknown) => {
        if (!isBearerGuardError(error)) return res.writeHead(500).end();
        const status: number = error.status;
        const headers: Record<string, string> = error.headers;
        res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify({ ...error.body, code: error.code }));
      },
    );
  });
}
