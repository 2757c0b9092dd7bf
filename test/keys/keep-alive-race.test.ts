import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createVerifier, type KeyEvent } from '../../src/core/index.js';
import { createTestClock, createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

/** Keeps the event loop busy, as a synchronous RSA key generation on a loaded machine does. */
function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

/**
 * Node's keep-alive race: a server closes an idle connection just as the client sends the next
 * request on it, and the request fails with ECONNRESET. Key fetches are minutes apart, so each goes
 * out on a new connection. Here the JWKS server closes idle connections after 100 ms (while
 * announcing a minute) and the event loop is kept busy past that between two key fetches, as a
 * loaded machine does to a test or a server: a reused connection would fail every time.
 */
describe('Keys: a key fetch never goes out on a kept-alive connection the IdP may be closing', () => {
  const clock = createTestClock();
  let issuer: TestIssuer;
  let jwksServer: Server;
  let jwksUri: string;
  let connections = 0;

  before(async () => {
    issuer = await createTestIssuer({ clock });
    jwksServer = createServer((_req, res) => {
      // It promises to keep connections for a minute, and closes them after 100 ms of quiet.
      res.writeHead(200, { 'content-type': 'application/json', 'keep-alive': 'timeout=60' }).end(JSON.stringify(issuer.publicJwks()));
    });
    jwksServer.keepAliveTimeout = 100;
    jwksServer.on('connection', () => connections++);
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
  });
  after(async () => {
    jwksServer.closeAllConnections();
    await new Promise((resolve) => jwksServer.close(resolve));
    await issuer.close();
  });

  it('verifies the token instead of answering 503 for ten seconds of backoff', async () => {
    const events: KeyEvent[] = [];
    const verifier = () =>
      createVerifier({ issuers: [{ issuer: issuer.issuer, jwksUri }], audience: issuer.audience, clock: clock.now, onKeyEvent: (event) => events.push(event) });
    await verifier().verify(await issuer.token());
    const token = await issuer.token();
    const second = verifier();
    const before = connections;
    busy(1500); // the server's 100 ms keep-alive timer is due; it runs right after the request is sent
    const result = await second.verify(token);
    assert.equal(result.issuer, issuer.issuer);
    assert.deepEqual(events.filter((event) => event.type === 'keys_fetch_failed'), []);
    assert.equal(connections - before, 1, 'the second fetch opened its own connection');
  });
});
