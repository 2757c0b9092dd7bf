// README.md:329
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { createTestIssuer, expectChallenge, type TestIssuer } from 'bearer-guard/testing';
import { createOrdersApi } from './orders-api.js';
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    // orders-api.test.ts
    
    let issuer: TestIssuer;
    let app: ReturnType<typeof createOrdersApi>;
    
    before(async () => {
      issuer = await createTestIssuer(); // a real authorization server on 127.0.0.1
      app = createOrdersApi({ issuer: issuer.issuer, audience: issuer.audience });
    });
    after(() => issuer.close());
    
    test('a token with orders:read gets the orders', async () => {
      const token = await issuer.token({ scopes: ['orders:read'] });
      const res = await request(app).get('/orders').set('Authorization', `Bearer ${token}`);
      assert.equal(res.status, 200);
    });
    
    test('no token gets a bare 401 challenge', async () => {
      expectChallenge(await request(app).get('/orders'), { status: 401, error: null });
    });
    
    test('an expired token gets 401 invalid_token', async () => {
      const token = await issuer.tokens.expired({ scopes: ['orders:read'] });
      const res = await request(app).get('/orders').set('Authorization', `Bearer ${token}`);
      expectChallenge(res, { status: 401, error: 'invalid_token' });
    });
    
    test('a token without the scope gets 403 naming it', async () => {
      const token = await issuer.token({ scopes: ['profile'] });
      const res = await request(app).get('/orders').set('Authorization', `Bearer ${token}`);
      expectChallenge(res, { status: 403, error: 'insufficient_scope', scope: 'orders:read' });
    });
  }
}
