import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createTestIssuer, expectChallenge, type TestIssuer } from 'bearer-guard/testing';
import { createApp } from './app';

let issuer: TestIssuer;
let server: Server;
let base: string;

before(async () => {
  issuer = await createTestIssuer();
  server = createApp(issuer.issuer, issuer.audience).listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.close();
  await issuer.close();
});

const get = (token: string) => fetch(`${base}/orders`, { headers: { authorization: `Bearer ${token}` } });

test('a token with the scope gets 200, one without it 403 insufficient_scope', async () => {
  const ok = await get(await issuer.token({ scopes: ['orders:read'], subject: 'ada' }));
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { subject: 'ada' });
  const denied = await get(await issuer.token({ scopes: ['profile'] }));
  expectChallenge(denied, { status: 403, error: 'insufficient_scope', scope: 'orders:read' });
});
