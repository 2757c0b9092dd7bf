import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import express from 'express';
import Koa from 'koa';
import request from 'supertest';
import { bearerAuth as expressBearerAuth } from '../../src/express/index.js';
import { bearerAuth as koaBearerAuth } from '../../src/koa/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

/** The same app on each framework: GET / behind `bearerAuth`, and the middleware for `ready()`. */
const frameworks = {
  express(issuer: TestIssuer) {
    const auth = expressBearerAuth({ issuers: [issuer.issuer], audience: issuer.audience });
    const app = express();
    app.get('/', auth, (req, res) => {
      res.json({ subject: req.auth?.subject });
    });
    return { auth, handler: app };
  },
  koa(issuer: TestIssuer) {
    const auth = koaBearerAuth({ issuers: [issuer.issuer], audience: issuer.audience });
    const app = new Koa();
    app.use(auth);
    app.use((ctx) => {
      ctx.body = { subject: ctx.state.auth?.subject };
    });
    return { auth, handler: app.callback() };
  },
};

for (const [name, build] of Object.entries(frameworks)) {
  describe(`${name}: await auth.ready() before listening`, () => {
    let issuer: TestIssuer;
    before(async () => {
      issuer = await createTestIssuer();
    });
    after(() => issuer.close());
    beforeEach(() => {
      issuer.restore();
      issuer.resetHits();
    });

    it('fetches discovery and keys, so the first request asks the IdP nothing', async () => {
      const { auth, handler } = build(issuer);
      const report = await auth.ready();
      assert.equal(report.ready, true);
      assert.deepEqual([issuer.hits.discovery, issuer.hits.jwks], [1, 1]);
      const res = await request(handler).get('/').set('Authorization', `Bearer ${await issuer.token()}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { subject: 'user-123' });
      assert.deepEqual([issuer.hits.discovery, issuer.hits.jwks], [1, 1]);
    });

    it('resolves with a report when the IdP is down, and requests get the usual 503', async () => {
      issuer.fail('discovery', 'reset');
      const { auth, handler } = build(issuer);
      const report = await auth.ready();
      assert.equal(report.ready, false);
      assert.equal(report.issuers[0]?.status, 'unavailable');
      const res = await request(handler).get('/').set('Authorization', `Bearer ${await issuer.token()}`);
      assert.equal(res.status, 503);
      assert.equal(res.body.code, 'discovery_failed');
      assert.match(String(res.headers['retry-after']), /^[1-9]\d*$/);
    });
  });
}
