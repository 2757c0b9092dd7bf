const express = require('express');
const request = require('supertest');
const { bearerAuth } = require('bearer-guard/express');
const { createTestIssuer, expectChallenge } = require('bearer-guard/testing');

let issuer;
let app;

beforeAll(async () => {
  issuer = await createTestIssuer();
  const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience });
  app = express();
  app.get('/orders', auth, auth.requireScopes('orders:read'), (req, res) => res.json({ subject: req.auth.subject }));
}, 60_000); // the issuer generates its RSA and EC keys: allow for a busy CI machine
afterAll(() => issuer.close());

test('a token with the scope gets 200, one without it 403 insufficient_scope', async () => {
  const token = await issuer.token({ scopes: ['orders:read'], subject: 'ada' });
  const ok = await request(app).get('/orders').set('Authorization', `Bearer ${token}`);
  expect(ok.status).toBe(200);
  expect(ok.body).toEqual({ subject: 'ada' });
  const noScope = await issuer.token({ scopes: ['profile'] });
  const denied = await request(app).get('/orders').set('Authorization', `Bearer ${noScope}`);
  expectChallenge(denied, { status: 403, error: 'insufficient_scope', scope: 'orders:read' });
});
