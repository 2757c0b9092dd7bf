import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startExpressFixture, type ExpressFixture } from '../helpers/express-fixture.js';

describe('Express: keys that cannot be had answer 503, never 401', () => {
  let f: ExpressFixture;
  before(async () => {
    f = await startExpressFixture({ auth: { keys: { timeout: '300ms' } } });
  });
  after(() => f.close());

  it('answers 503 with Retry-After and no challenge when the JWKS is down on a cold cache', async () => {
    f.issuer.fail('jwks', { status: 500 });
    const res = await request(f.app).get('/me').set('Authorization', `Bearer ${await f.issuer.token()}`);
    assert.equal(res.status, 503);
    assert.match(String(res.headers['retry-after']), /^[1-9]\d*$/);
    assert.equal(res.headers['www-authenticate'], undefined);
    assert.equal(res.body.code, 'jwks_unavailable');
    assert.equal(res.headers['cache-control'], 'no-store');
    f.issuer.restore();
  });

  it('answers 503 when nothing listens at the JWKS URL (connection refused) on a cold cache', async () => {
    const { createServer } = await import('node:net');
    const probe = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => probe.once('listening', resolve));
    const { port } = probe.address() as import('node:net').AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const g = await startExpressFixture({ auth: { keys: { timeout: '1s' } } });
    try {
      const express = (await import('express')).default;
      const { bearerAuth } = await import('../../src/express/index.js');
      const auth = bearerAuth({
        issuers: [{ issuer: g.issuer.issuer, jwksUri: `http://127.0.0.1:${port}/jwks.json` }],
        audience: g.issuer.audience,
        clock: g.clock.now,
      });
      const app = express();
      app.get('/me', auth, (_req, res) => {
        res.send('ok');
      });
      const res = await request(app).get('/me').set('Authorization', `Bearer ${await g.issuer.token()}`);
      assert.equal(res.status, 503);
      assert.equal(res.body.code, 'jwks_unavailable');
      assert.match(String(res.headers['retry-after']), /^[1-9]\d*$/);
      assert.match(res.body.error_description, /ECONNREFUSED/);
    } finally {
      await g.close();
    }
  });

  it('never shows a JWKS query string (it may carry a secret) in the answer or the key events', async () => {
    const g = await startExpressFixture();
    try {
      const events: unknown[] = [];
      const express = (await import('express')).default;
      const { bearerAuth } = await import('../../src/express/index.js');
      const auth = bearerAuth({
        issuers: [{ issuer: g.issuer.issuer, jwksUri: `${g.issuer.jwksUri}?api_key=s3cr3t` }],
        audience: g.issuer.audience,
        clock: g.clock.now,
        onKeyEvent: (event) => events.push(event),
      });
      const app = express();
      app.get('/me', auth, (_req, res) => {
        res.send('ok');
      });
      g.issuer.fail('jwks', { status: 500 });
      const res = await request(app).get('/me').set('Authorization', `Bearer ${await g.issuer.token()}`);
      assert.equal(res.status, 503);
      assert.ok(!res.text.includes('s3cr3t'));
      assert.ok(events.length > 0);
      assert.ok(!JSON.stringify(events).includes('s3cr3t'));
    } finally {
      await g.close();
    }
  });

  it('honours the IdP rate-limit reset and does not fetch before it', async () => {
    const g = await startExpressFixture();
    try {
      const reset = Math.floor(g.clock.now() / 1000) + 17;
      g.issuer.fail('jwks', { status: 429, headers: { 'x-rate-limit-reset': String(reset) } });
      const token = await g.issuer.token();
      const res = await request(g.app).get('/me').set('Authorization', `Bearer ${token}`);
      assert.equal(res.status, 503);
      assert.equal(res.headers['retry-after'], '17');
      assert.equal(res.body.code, 'idp_rate_limited');
      g.issuer.restore();
      g.clock.advance(10_000);
      const again = await request(g.app).get('/me').set('Authorization', `Bearer ${token}`);
      assert.equal(again.status, 503);
      assert.equal(again.headers['retry-after'], '7');
      assert.equal(g.issuer.hits.jwks, 1);
      g.clock.advance(7_000);
      assert.equal((await request(g.app).get('/me').set('Authorization', `Bearer ${token}`)).status, 200);
      assert.equal(g.issuer.hits.jwks, 2);
    } finally {
      await g.close();
    }
  });

  it('answers 503 once the timeout abandons a fetch the IdP never answers', async () => {
    const g = await startExpressFixture({ auth: { keys: { timeout: '200ms' } } });
    try {
      g.issuer.fail('jwks', 'hang');
      const res = await request(g.app).get('/me').set('Authorization', `Bearer ${await g.issuer.token()}`);
      assert.equal(res.status, 503);
      assert.match(res.body.error_description, /no answer within 200 ms/);
    } finally {
      await g.close();
    }
  });
});
