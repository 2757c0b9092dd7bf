import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { createTestIssuer, expectChallenge, parseWwwAuthenticate, type TestIssuer } from 'bearer-guard/testing';
import { createSdkGuardedMcpApp } from './sdk-middleware.js';

const resource = 'http://127.0.0.1/mcp';
const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1.0.0' } },
};

let issuer: TestIssuer;
before(async () => {
  issuer = await createTestIssuer({ audience: resource });
});
after(() => issuer.close());

function post(app: ReturnType<typeof createSdkGuardedMcpApp>, token?: string) {
  const call = request(app).post('/mcp').set('Accept', 'application/json, text/event-stream').send(initialize);
  return token ? call.set('Authorization', `Bearer ${token}`) : call;
}

test('serves the metadata document its challenges name, and answers MCP calls with a valid token', async () => {
  const app = createSdkGuardedMcpApp({ issuer: issuer.issuer, resource });
  const bare = await post(app);
  assert.equal(bare.status, 401);
  const [challenge] = parseWwwAuthenticate(bare.headers['www-authenticate'] ?? '');
  const metadataUrl = new URL(challenge!.params.resource_metadata!);
  const document = await request(app).get(metadataUrl.pathname);
  assert.equal(document.status, 200);
  assert.deepEqual(document.body.authorization_servers, [issuer.issuer]);
  assert.equal(document.body.resource, resource);

  const ok = await post(app, await issuer.token({ scopes: ['orders:read'] }));
  assert.equal(ok.status, 200);
  assert.match(ok.text, /"serverInfo":\{"name":"orders"/);
});

test("answers a refused token with bearer-guard's description in the SDK's 401", async () => {
  const app = createSdkGuardedMcpApp({ issuer: issuer.issuer, resource });
  const res = await post(app, await issuer.tokens.expired({ scopes: ['orders:read'] }));
  expectChallenge(res, { status: 401, error: 'invalid_token' });
  const [challenge] = parseWwwAuthenticate(res.headers['www-authenticate'] ?? '');
  assert.match(challenge!.params.error_description!, /expired .* ago/);
});

test('answers 500 server_error, not 401, while the keys cannot be fetched (the SDK has no 503)', async () => {
  const app = createSdkGuardedMcpApp({ issuer: issuer.issuer, resource });
  issuer.fail('jwks', { status: 503 });
  try {
    const res = await post(app, await issuer.token({ scopes: ['orders:read'] }));
    assert.equal(res.status, 500);
    assert.equal(res.body.error, 'server_error');
    assert.equal(res.headers['www-authenticate'], undefined);
  } finally {
    issuer.restore();
  }
});
