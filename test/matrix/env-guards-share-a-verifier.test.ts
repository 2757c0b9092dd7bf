import assert from 'node:assert/strict';
import express from 'express';
import Koa, { type Middleware } from 'koa';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { AuthResult } from '../../src/core/index.js';
import * as expressAdapter from '../../src/express/index.js';
import * as koaAdapter from '../../src/koa/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { get } from '../helpers/koa-route.js';

/**
 * Any number of env-configured standalone guards share one verifier per adapter: one discovery,
 * one JWKS fetch, one token cache. The issuer counts what it served; the token cache is seen in
 * the result objects (a cache hit hands out the very result it kept).
 */
describe('Env-configured guards share one verifier per adapter', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer();
    process.env.BEARER_GUARD_ISSUER = issuer.issuer; // no JWKS URI: the keys are found by discovery
    process.env.BEARER_GUARD_AUDIENCE = issuer.audience;
  });
  after(async () => {
    delete process.env.BEARER_GUARD_ISSUER;
    delete process.env.BEARER_GUARD_AUDIENCE;
    await issuer.close();
  });

  function expressApp(seen: AuthResult[]) {
    const { requireScopes, requireAnyScope, requireClaims } = expressAdapter;
    const app = express();
    const record: express.RequestHandler = (req, res) => {
      seen.push(req.auth!);
      res.send('ok');
    };
    app.get('/a', requireScopes('read'), record);
    app.get('/b', requireAnyScope('read', 'write'), record);
    app.get('/c', requireClaims({ sub: 'user-123' }), record);
    return app.listen(0, '127.0.0.1');
  }

  function koaApp(seen: AuthResult[]) {
    const { requireScopes, requireAnyScope, requireClaims } = koaAdapter;
    const app = new Koa();
    const record: Middleware<koaAdapter.AuthState> = (ctx) => {
      seen.push(ctx.state.auth!);
      ctx.body = 'ok';
    };
    app.use(get('/a', requireScopes('read'), record));
    app.use(get('/b', requireAnyScope('read', 'write'), record));
    app.use(get('/c', requireClaims({ sub: 'user-123' }), record));
    return app.listen(0, '127.0.0.1');
  }

  for (const [name, start] of [
    ['Express', expressApp],
    ['Koa', koaApp],
  ] as const) {
    it(`${name}: three guards on three routes make one discovery, one JWKS fetch and share one token cache`, async () => {
      issuer.resetHits();
      const seen: AuthResult[] = [];
      const server = start(seen);
      try {
        const warmUp = await issuer.token({ scopes: 'read', subject: 'user-123' });
        const token = await issuer.token({ scopes: 'read write', subject: 'user-123', expiresIn: '1h' });
        for (const path of ['/a', '/b', '/c']) {
          const res = await request(server).get(path).set('Authorization', `Bearer ${warmUp}`);
          assert.equal(res.status, 200, path);
        }
        // The token's first sighting: the cache takes a token at its second verification.
        assert.equal((await request(server).get('/c').set('Authorization', `Bearer ${token}`)).status, 200);
        for (const path of ['/a', '/b', '/c']) {
          const res = await request(server).get(path).set('Authorization', `Bearer ${token}`);
          assert.equal(res.status, 200, path);
        }
        assert.equal(issuer.hits.discovery, 1, 'one discovery for all the guards');
        assert.equal(issuer.hits.jwks, 1, 'one JWKS fetch for all the guards');
        const [a, b, c] = seen.slice(4);
        assert.ok(a === b && b === c, 'the three routes were answered from one token cache');
      } finally {
        server.close();
      }
    });
  }
});
