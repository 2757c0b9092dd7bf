import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { createTestIssuer, expectChallenge, type TestIssuer } from 'bearer-guard/testing';
import { createReportsApi } from './reports-api.js';

let issuer: TestIssuer;
let app: ReturnType<typeof createReportsApi>;

before(async () => {
  issuer = await createTestIssuer(); // serves discovery, JWKS, token and introspection endpoints
  issuer.registerClient({ clientId: 'reports-api', clientSecret: 'reports-api-secret' });
  app = createReportsApi({ issuer: issuer.issuer, audience: issuer.audience, clientId: 'reports-api', clientSecret: 'reports-api-secret' });
});
after(() => issuer.close());

test('an active opaque token with reports:read gets the reports', async () => {
  const token = issuer.opaqueToken({ scopes: ['reports:read'], clientId: 'dashboard' });
  const res = await request(app).get('/reports').set('Authorization', `Bearer ${token}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { client: 'dashboard', scopes: ['reports:read'] });
});

test('a revoked token gets 401 invalid_token', async () => {
  const token = issuer.opaqueToken({ scopes: ['reports:read'] });
  issuer.revoke(token);
  const res = await request(app).get('/reports').set('Authorization', `Bearer ${token}`);
  expectChallenge(res, { status: 401, error: 'invalid_token' });
  assert.equal(res.body.code, 'token_inactive');
});

test('while the introspection endpoint rate-limits, a new token gets 503 with Retry-After', async () => {
  issuer.fail('introspection', { status: 429, headers: { 'retry-after': '30' } });
  const token = issuer.opaqueToken({ scopes: ['reports:read'] });
  const res = await request(app).get('/reports').set('Authorization', `Bearer ${token}`);
  assert.equal(res.status, 503);
  assert.equal(res.headers['retry-after'], '30');
});
