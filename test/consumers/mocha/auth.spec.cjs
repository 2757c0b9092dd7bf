const assert = require('node:assert/strict');
const { once } = require('node:events');
const express = require('express');
const { bearerAuth } = require('bearer-guard/express');
const { createTestIssuer, expectChallenge } = require('bearer-guard/testing');

describe('Mocha, CommonJS spec (require)', () => {
  let issuer;
  let server;
  let base;

  before(async () => {
    issuer = await createTestIssuer();
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience });
    const app = express();
    app.get('/orders', auth, auth.requireScopes('orders:read'), (req, res) => res.json({ subject: req.auth.subject }));
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${server.address().port}`;
  });
  after(async () => {
    server.close();
    await issuer.close();
  });

  const get = (token) => fetch(`${base}/orders`, { headers: { authorization: `Bearer ${token}` } });

  it('a token with the scope gets 200, one without it 403 insufficient_scope', async () => {
    const ok = await get(await issuer.token({ scopes: ['orders:read'], subject: 'ada' }));
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { subject: 'ada' });
    expectChallenge(await get(await issuer.token({ scopes: ['profile'] })), { status: 403, error: 'insufficient_scope', scope: 'orders:read' });
  });
});
