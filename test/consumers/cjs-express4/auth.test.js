const assert = require('node:assert/strict');
const { once } = require('node:events');
const { after, before, test } = require('node:test');
const express = require('express');
const { bearerAuth, isBearerGuardError } = require('bearer-guard/express');
const { createTestIssuer, expectChallenge } = require('bearer-guard/testing');

let issuer;
let server;
let base;

before(async () => {
  issuer = await createTestIssuer();
  const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience, errorHandling: 'next' });
  const app = express();
  app.get('/orders', auth, auth.requireScopes('orders:read'), (req, res) => res.json({ subject: req.auth.subject }));
  app.use((err, req, res, next) => {
    if (!isBearerGuardError(err)) return next(err);
    res.status(err.status).set(err.headers).json(err.body);
  });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  server.close();
  await issuer.close();
});

const get = (token) => fetch(`${base}/orders`, { headers: { authorization: `Bearer ${token}` } });

test('require() loads the CommonJS build', () => {
  assert.match(require.resolve('bearer-guard/express'), /dist[\\/]cjs[\\/]/);
  assert.match(require.resolve('bearer-guard/testing'), /dist[\\/]cjs[\\/]/);
});

test('a token with the scope gets 200, one without it 403 insufficient_scope (through the app error handler)', async () => {
  const ok = await get(await issuer.token({ scopes: ['orders:read'], subject: 'ada' }));
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).subject, 'ada');
  const denied = await get(await issuer.token({ scopes: ['profile'] }));
  expectChallenge(denied, { status: 403, error: 'insufficient_scope', scope: 'orders:read' });
  assert.equal((await denied.json()).code, 'scope_missing');
});
