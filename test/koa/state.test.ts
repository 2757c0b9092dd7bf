import assert from 'node:assert/strict';
import Koa from 'koa';
import Koa2 from 'koa2';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { bearerAuth, type AuthResult, type AuthState } from '../../src/koa/index.js';
import { createTestClock, createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

describe('Koa: the verified token on ctx.state.auth', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer({ clock: createTestClock() });
  });
  after(() => issuer.close());

  for (const [name, KoaClass] of [['Koa 3', Koa], ['Koa 2', Koa2]] as const) {
    it(`sets a frozen, typed result on ${name}`, async () => {
      const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience });
      const app = new KoaClass();
      app.use(auth);
      app.use((ctx) => {
        // Typed without any declaration in the app: importing bearer-guard/koa augments DefaultState.
        const result: AuthResult | undefined = ctx.state.auth;
        // @ts-expect-error ctx.state.auth is an AuthResult, not any
        const wrong: number = ctx.state.auth;
        void wrong;
        assert.ok(result && Object.isFrozen(result) && Object.isFrozen(result.claims));
        ctx.body = { subject: result.subject, scopes: result.scopes, iss: result.claims.iss, token: result.token.length > 0 };
      });
      const token = await issuer.token({ scopes: 'a b' });
      const res = await request(app.callback()).get('/').set('Authorization', `Bearer ${token}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { subject: 'user-123', scopes: ['a', 'b'], iss: issuer.issuer, token: true });
    });
  }

  it('types ctx.state.auth in an app with its own state type, after app.use(auth)', async () => {
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience });
    const app = new Koa<{ requestId: string }>();
    app.use(async (ctx, next) => {
      ctx.state.requestId = 'r-1';
      await next();
    });
    app
      .use(auth)
      .use(auth.requireScopes('a'))
      .use((ctx) => {
        const requestId: string = ctx.state.requestId;
        const subject: string | undefined = ctx.state.auth?.subject;
        ctx.body = { requestId, subject };
      });
    const res = await request(app.callback()).get('/').set('Authorization', `Bearer ${await issuer.token({ scopes: 'a' })}`);
    assert.deepEqual(res.body, { requestId: 'r-1', subject: 'user-123' });
  });

  it('exports AuthState for apps that spell their state type out', () => {
    type AppState = { requestId: string } & AuthState;
    const state: AppState = { requestId: 'r-2' };
    assert.equal(state.auth, undefined);
  });

  it('verifies once when bearerAuth and its guards all run on a request', async () => {
    let verified = 0;
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience, tokenCache: false, onAuthSuccess: () => verified++ });
    const app = new Koa();
    app.use(auth).use(auth.requireScopes('a')).use(auth.requireAnyScope('a', 'b')).use(auth.requireClaims({ sub: 'user-123' }));
    app.use((ctx) => {
      ctx.body = 'ok';
    });
    const res = await request(app.callback()).get('/').set('Authorization', `Bearer ${await issuer.token({ scopes: 'a' })}`);
    assert.equal(res.status, 200);
    assert.equal(verified, 1);
  });

  it('lets a guard authenticate on its own when no bearerAuth ran before it', async () => {
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience });
    const app = new Koa();
    app.use(auth.requireScopes('a'));
    app.use((ctx) => {
      ctx.body = { subject: ctx.state.auth?.subject };
    });
    assert.equal((await request(app.callback()).get('/')).status, 401);
    const res = await request(app.callback()).get('/').set('Authorization', `Bearer ${await issuer.token({ scopes: 'a' })}`);
    assert.deepEqual(res.body, { subject: 'user-123' });
  });
});
