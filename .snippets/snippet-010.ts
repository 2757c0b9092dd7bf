// README.md:668
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { createDpopKey, createTestIssuer, expectChallenge, type TestDpopKey, type TestIssuer } from 'bearer-guard/testing';
import { createOrdersApi } from './orders-api.js';
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    // orders-api.test.ts
    
    const publicUrl = 'https://api.example.test'; // what clients call; proofs name it
    let issuer: TestIssuer;
    let key: TestDpopKey;
    let app: ReturnType<typeof createOrdersApi>;
    
    before(async () => {
      issuer = await createTestIssuer();
      key = await createDpopKey(); // the client's key pair
      app = createOrdersApi({ issuer: issuer.issuer, audience: issuer.audience, publicUrl });
    });
    after(() => issuer.close());
    
    test('a DPoP-bound token with a fresh proof gets the orders', async () => {
      const token = await issuer.token({ scopes: ['orders:read'], dpopKey: key });
      const proof = key.proof({ method: 'GET', url: `${publicUrl}/orders`, accessToken: token });
      const res = await request(app).get('/orders').set('Authorization', `DPoP ${token}`).set('DPoP', proof);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.boundTo, { method: 'dpop', jkt: key.jkt });
    });
    
    test('the same proof twice is a replay', async () => {
      const token = await issuer.token({ scopes: ['orders:read'], dpopKey: key });
      const proof = key.proof({ method: 'GET', url: `${publicUrl}/orders`, accessToken: token });
      await request(app).get('/orders').set('Authorization', `DPoP ${token}`).set('DPoP', proof);
      const replay = await request(app).get('/orders').set('Authorization', `DPoP ${token}`).set('DPoP', proof);
      expectChallenge(replay, { status: 401, scheme: 'DPoP', error: 'invalid_dpop_proof', code: 'dpop_proof_replayed' });
    });
    
    test('a plain Bearer token is answered with a DPoP challenge', async () => {
      const token = await issuer.token({ scopes: ['orders:read'] });
      const res = await request(app).get('/orders').set('Authorization', `Bearer ${token}`);
      expectChallenge(res, { status: 401, scheme: 'DPoP', error: null });
    });
  }
}
