import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createTestIssuer, type TestIssuer } from 'bearer-guard/testing';
import { createApp } from './app.js';

/** A running demo: the local issuer, the API, and the curl lines that show each answer. */
export interface Demo {
  issuer: TestIssuer;
  api: Server;
  baseUrl: string;
  examples: Array<{ title: string; expect: number; url: string; token?: string; curl: string }>;
  close(): Promise<void>;
}

async function listen(server: Server, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Starts a local issuer (discovery + JWKS on 127.0.0.1) and the example API that trusts it. */
export async function startDemo({ port = 3000 }: { port?: number } = {}): Promise<Demo> {
  const issuer = await createTestIssuer({ shape: 'okta-custom' });
  const app = createApp({ issuers: [issuer.issuer], audience: issuer.audience });
  const server = createServer(app);
  try {
    await listen(server, port);
  } catch {
    await listen(server, 0); // the port is taken: any free one will do
  }
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const reader = await issuer.token({ scopes: ['users:read'] });
  const expired = await issuer.tokens.expired({ scopes: ['users:read'] });
  const noScope = await issuer.token({ scopes: ['profile'] });
  const line = (url: string, token?: string) =>
    `curl -i ${token ? `-H "Authorization: Bearer ${token}" ` : ''}${url}`;
  const examples = [
    { title: '200: valid token with users:read', expect: 200, url: `${baseUrl}/users`, token: reader },
    { title: '401: no token (challenge without error)', expect: 401, url: `${baseUrl}/users` },
    { title: '401 invalid_token: expired token', expect: 401, url: `${baseUrl}/users`, token: expired },
    { title: '403 insufficient_scope: token without users:read', expect: 403, url: `${baseUrl}/users`, token: noScope },
  ].map((e) => ({ ...e, curl: line(e.url, e.token) }));
  return {
    issuer,
    api: server,
    baseUrl,
    examples,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await issuer.close();
    },
  };
}

const runDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (runDirectly) {
  const demo = await startDemo({ port: Number(process.env.PORT ?? 3000) });
  console.log(`bearer-guard demo
  local issuer : ${demo.issuer.issuer}  (JWKS ${demo.issuer.jwksUri})
  example API  : ${demo.baseUrl}  (GET /me, GET /users needs users:read)

Paste these in another terminal:
`);
  for (const example of demo.examples) console.log(`# ${example.title}\n${example.curl}\n`);
  console.log('Ctrl-C to stop.');
  const stop = () => {
    void demo.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
