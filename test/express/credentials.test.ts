import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { expectChallenge } from '../../src/testing/index.js';
import { rawRequest } from '../helpers/raw-request.js';
import { startExpressFixture, type ExpressFixture } from '../helpers/express-fixture.js';

describe('Express: how the token is found (RFC 6750 §2, OAuth 2.1 §5.1)', () => {
  let f: ExpressFixture;
  let token: string;
  before(async () => {
    f = await startExpressFixture();
    token = await f.issuer.token();
  });
  after(() => f.close());

  it('answers a valid Bearer token with 200 and the verified identity on req.auth', async () => {
    const res = await request(f.app).get('/me').set('Authorization', `Bearer ${token}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { subject: 'user-123', scopes: [], issuer: f.issuer.issuer });
  });

  for (const scheme of ['bearer', 'BEARER', 'bEaReR']) {
    it(`matches the scheme case-insensitively (${scheme})`, async () => {
      const res = await request(f.app).get('/me').set('Authorization', `${scheme} ${token}`);
      assert.equal(res.status, 200);
    });
  }

  it('accepts several spaces between scheme and token', async () => {
    const res = await request(f.app).get('/me').set('Authorization', `Bearer   ${token}`);
    assert.equal(res.status, 200);
  });

  it('answers no credentials with 401 and a challenge without error (RFC 6750 §3.1)', async () => {
    const res = await request(f.app).get('/me');
    assert.equal(res.status, 401);
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.body.code, 'token_missing');
    assert.equal(res.body.error, undefined);
    expectChallenge(res, { status: 401, error: null });
  });

  it('treats another scheme (Basic) like no credentials', async () => {
    const res = await request(f.app).get('/me').set('Authorization', 'Basic dXNlcjpwYXNz');
    assert.equal(res.status, 401);
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"');
    assert.equal(res.body.code, 'scheme_not_bearer');
  });

  it('ignores a token in the query string and says so in the body only', async () => {
    const res = await request(f.app).get(`/me?access_token=${token}`);
    assert.equal(res.status, 401);
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"');
    assert.equal(res.body.code, 'token_in_query');
    assert.match(res.body.hint, /query/);
  });

  it('judges the header alone when a query token is also present', async () => {
    const res = await request(f.app).get('/me?access_token=garbage').set('Authorization', `Bearer ${token}`);
    assert.equal(res.status, 200);
  });

  it('answers Bearer with no token with 400 invalid_request', async () => {
    for (const value of ['Bearer', 'Bearer ']) {
      const res = await request(f.app).get('/me').set('Authorization', value);
      assert.equal(res.status, 400);
      expectChallenge(res, { status: 400, error: 'invalid_request' });
      assert.equal(res.body.code, 'authorization_malformed');
    }
  });

  it('answers characters outside b64token with 400 and never echoes the token', async () => {
    const bad = `${token.slice(0, 40)}"}{x`;
    const res = await request(f.app).get('/me').set('Authorization', `Bearer ${bad}`);
    assert.equal(res.status, 400);
    expectChallenge(res, { status: 400, error: 'invalid_request' });
    assert.ok(!res.text.includes(token.slice(0, 40)));
    assert.ok(!String(res.headers['www-authenticate']).includes(token.slice(0, 40)));
  });

  it('detects two Authorization header lines, which Node folds into one', async () => {
    const server = f.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await rawRequest(server, '/me', [
        ['Authorization', `Bearer ${token}`],
        ['Authorization', `Bearer ${token}`],
      ]);
      assert.equal(res.status, 400);
      assert.match(String(res.headers['www-authenticate']), /error="invalid_request"/);
      assert.equal(JSON.parse(res.body).code, 'authorization_duplicated');
    } finally {
      server.close();
    }
  });

  it('never puts a stack trace or the token in a failure response', async () => {
    const expired = await f.issuer.tokens.expired();
    const res = await request(f.app).get('/me').set('Authorization', `Bearer ${expired}`);
    assert.equal(res.status, 401);
    assert.ok(!res.text.includes(expired));
    assert.ok(!/\bat .*\.(ts|js):\d+/.test(res.text));
    assert.deepEqual(Object.keys(res.body).sort(), ['code', 'error', 'error_description']);
  });
});

describe('Express: the form-body method (opt-in)', () => {
  let f: ExpressFixture;
  before(async () => {
    f = await startExpressFixture({ auth: { acceptTokenInBody: true } });
    const express = (await import('express')).default;
    f.app.post('/form', express.urlencoded({ extended: false }), f.auth, (_req, res) => {
      res.json({ ok: true });
    });
  });
  after(() => f.close());

  it('accepts access_token in a urlencoded POST body when enabled', async () => {
    const token = await f.issuer.token();
    const res = await request(f.app).post('/form').type('form').send({ access_token: token });
    assert.equal(res.status, 200);
  });

  it('answers a token sent in both header and body with 400', async () => {
    const token = await f.issuer.token();
    const res = await request(f.app).post('/form').set('Authorization', `Bearer ${token}`).type('form').send({ access_token: token });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'token_multiple_methods');
  });
});

describe('Express: an over-long value is judged by its characters first', () => {
  let f: ExpressFixture;
  before(async () => {
    f = await startExpressFixture({ auth: { maxTokenLength: 1000 } });
  });
  after(() => f.close());

  it('answers a value with characters outside b64token 400 invalid_request, whatever its length', async () => {
    const res = await request(f.app).get('/me').set('Authorization', `Bearer ,${'A'.repeat(2000)}`);
    expectChallenge(res, { status: 400, error: 'invalid_request' });
    assert.equal(res.body.code, 'authorization_malformed');
  });

  it('answers an over-long well-formed token 401 token_too_large', async () => {
    const res = await request(f.app).get('/me').set('Authorization', `Bearer ${'A'.repeat(2000)}`);
    expectChallenge(res, { status: 401, error: 'invalid_token' });
    assert.equal(res.body.code, 'token_too_large');
  });
});
