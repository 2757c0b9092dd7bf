import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createTestIssuer, expectChallenge, type TestIssuer } from 'bearer-guard/testing';
import { createApi } from './api.js';

let issuer: TestIssuer;
let server: Server;
let base: string;

before(async () => {
  issuer = await createTestIssuer();
  server = createApi(issuer.issuer, issuer.audience).listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.close();
  await issuer.close();
});

const get = (token: string) => fetch(base, { headers: { authorization: `Bearer ${token}` } });

test('a valid token gets 200, an expired one 401 invalid_token, answered from the typed failure', async () => {
  const ok = await get(await issuer.token({ subject: 'ada' }));
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { subject: 'ada' });
  const expired = await get(await issuer.tokens.expired());
  expectChallenge(expired, { status: 401, error: 'invalid_token' });
  assert.equal(((await expired.json()) as { code: string }).code, 'token_expired');
});
