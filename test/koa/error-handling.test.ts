import assert from 'node:assert/strict';
import createHttpError from 'http-errors';
import Koa from 'koa';
import Koa2 from 'koa2';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { bearerAuth, isBearerGuardError } from '../../src/koa/index.js';
import { createTestClock, createTestIssuer, expectChallenge, type TestIssuer } from '../../src/testing/index.js';

describe("Koa: errorHandling 'throw' hands the error to the app", () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer({ clock: createTestClock() });
  });
  after(() => issuer.close());

  it('throws an http-errors instance carrying status, challenge and body to the error middleware', async () => {
    const seen: unknown[] = [];
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience, errorHandling: 'throw' });
    const app = new Koa();
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        seen.push(err);
        if (!isBearerGuardError(err)) throw err;
        ctx.status = err.status;
        ctx.set(err.headers);
        ctx.body = { mine: true, ...err.body };
      }
    });
    app.use(auth).use(auth.requireScopes('x'));
    app.use((ctx) => {
      ctx.body = 'ok';
    });

    const res = await request(app.callback()).get('/');
    expectChallenge(res, { status: 401, error: null, code: 'token_missing' });
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.body.mine, true);
    assert.ok(seen[0] instanceof createHttpError.HttpError);
    assert.ok(isBearerGuardError(seen[0]));
    assert.equal((seen[0] as createHttpError.HttpError).expose, true);

    const forbidden = await request(app.callback()).get('/').set('Authorization', `Bearer ${await issuer.token({ scopes: 'y' })}`);
    expectChallenge(forbidden, { status: 403, error: 'insufficient_scope', scope: 'x', code: 'scope_missing' });
    assert.deepEqual(forbidden.body.missing_scopes, ['x']);
  });

  for (const [name, KoaClass] of [['Koa 3', Koa], ['Koa 2', Koa2]] as const) {
    it(`lets ${name}'s default onerror render status, challenge and description on a bare app`, async () => {
      const emitted: unknown[] = [];
      const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience, errorHandling: 'throw', realm: 'orders' });
      const app = new KoaClass();
      app.on('error', (err: unknown) => emitted.push(err));
      app.use(auth);
      app.use((ctx) => {
        ctx.body = 'ok';
      });

      const missing = await request(app.callback()).get('/');
      assert.equal(missing.status, 401);
      assert.equal(missing.headers['www-authenticate'], 'Bearer realm="orders"');
      assert.equal(missing.headers['cache-control'], 'no-store');
      assert.match(missing.headers['content-type'] ?? '', /^text\/plain/);
      assert.equal(missing.text, 'No bearer token in the Authorization header');

      const malformed = await request(app.callback()).get('/').set('Authorization', 'Bearer a.b.c');
      expectChallenge(malformed, { status: 401, error: 'invalid_token', realm: 'orders' });
      assert.ok(!malformed.text.includes(' at '), 'no stack trace');
      assert.ok(emitted.every(isBearerGuardError));
    });
  }

  it("lets Koa's default onerror send 503 with Retry-After and no challenge", async () => {
    const cold = await createTestIssuer();
    try {
      cold.fail('jwks', { status: 500 });
      const auth = bearerAuth({ issuers: [{ issuer: cold.issuer, jwksUri: cold.jwksUri }], audience: cold.audience, errorHandling: 'throw' });
      const app = new Koa();
      app.use(auth);
      const res = await request(app.callback()).get('/').set('Authorization', `Bearer ${await cold.token()}`);
      assert.equal(res.status, 503);
      assert.match(String(res.headers['retry-after']), /^[1-9]\d*$/);
      assert.equal(res.headers['www-authenticate'], undefined);
      assert.equal(res.headers['cache-control'], 'no-store');
    } finally {
      await cold.close();
    }
  });

  it('adds Access-Control-Expose-Headers to the thrown error when exposeChallengeHeader is on', async () => {
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience, errorHandling: 'throw', exposeChallengeHeader: true });
    const app = new Koa();
    app.use(auth);
    const res = await request(app.callback()).get('/');
    assert.equal(res.status, 401);
    assert.equal(res.headers['access-control-expose-headers'], 'WWW-Authenticate');
  });

  it("refuses Express's 'next' at startup", () => {
    assert.throws(
      () => bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience, errorHandling: 'next' as 'throw' }),
      (error: unknown) => error instanceof TypeError && /errorHandling must be one of 'respond', 'throw'/.test(error.message),
    );
  });
});

describe("Koa: errorHandling 'respond' (the default) answers only its own failures", () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer({ clock: createTestClock() });
  });
  after(() => issuer.close());

  it('keeps headers earlier middleware set, which Koa’s onerror would remove', async () => {
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience, exposeChallengeHeader: true });
    const app = new Koa();
    app.use(async (ctx, next) => {
      ctx.set('Access-Control-Allow-Origin', 'https://app.example');
      await next();
    });
    app.use(auth);
    const res = await request(app.callback()).get('/');
    assert.equal(res.status, 401);
    assert.equal(res.headers['access-control-allow-origin'], 'https://app.example');
    assert.equal(res.headers['access-control-expose-headers'], 'WWW-Authenticate');
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(res.body, { code: 'token_missing', error_description: 'No bearer token in the Authorization header' });
  });

  it('lets errors thrown after it, even bearer-guard errors, go to the app', async () => {
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience });
    const app = new Koa();
    app.use(auth);
    app.use(async (ctx) => {
      if (ctx.path === '/teapot') throw createHttpError(418, 'short and stout');
      await auth.verifier.verify('not-a-token'); // a handler verifying a second token itself
    });
    const token = await issuer.token();
    const teapot = await request(app.callback()).get('/teapot').set('Authorization', `Bearer ${token}`);
    assert.equal(teapot.status, 418);
    assert.equal(teapot.text, 'short and stout');
    const downstream = await request(app.callback()).get('/').set('Authorization', `Bearer ${token}`);
    assert.equal(downstream.status, 401);
    assert.match(downstream.headers['content-type'] ?? '', /^text\/plain/, "rendered by Koa's onerror, not by the middleware");
  });

  it('refuses at startup to create a guard bound to no verifier, even once a bearerAuth exists elsewhere', async () => {
    const { requireScopes } = await import('../../src/koa/index.js');
    for (const name of ['BEARER_GUARD_ISSUER', 'BEARER_GUARD_ISSUERS', 'BEARER_GUARD_AUDIENCE']) delete process.env[name];
    bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience }); // created, but not used on this app
    // Formerly this guard was created and answered 500 at the first request; now the mistake shows at startup.
    assert.throws(() => requireScopes('x'), TypeError);
  });
});
