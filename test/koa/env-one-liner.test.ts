import assert from 'node:assert/strict';
import Koa from 'koa';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createTestIssuer, expectChallenge, type TestIssuer } from '../../src/testing/index.js';

describe('Koa: app.use(requireScopes(...)) on its own, configured from the environment', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer();
  });
  after(() => issuer.close());

  it('throws at startup, naming the variables, when the environment has no configuration', async () => {
    delete process.env.BEARER_GUARD_ISSUER;
    delete process.env.BEARER_GUARD_AUDIENCE;
    const { requireScopes, requireAnyScope, requireClaims } = await import('../../src/koa/index.js');
    assert.throws(() => requireScopes('okta.users.read'), /BEARER_GUARD_ISSUER.*BEARER_GUARD_AUDIENCE/);
    assert.throws(() => requireAnyScope('a', 'b'), /BEARER_GUARD_ISSUER/);
    assert.throws(() => requireClaims({ groups: 'admins' }), /BEARER_GUARD_ISSUER/);
  });

  it('authenticates and checks scopes with BEARER_GUARD_ISSUER and BEARER_GUARD_AUDIENCE', async () => {
    process.env.BEARER_GUARD_ISSUER = issuer.issuer;
    process.env.BEARER_GUARD_AUDIENCE = issuer.audience;
    const { requireScopes } = await import('../../src/koa/index.js');
    const app = new Koa();
    app.use(requireScopes('okta.users.read'));
    app.use((ctx) => {
      ctx.body = { subject: ctx.state.auth?.subject };
    });
    expectChallenge(await request(app.callback()).get('/users'), { status: 401, error: null, code: 'token_missing' });
    const ok = await request(app.callback()).get('/users').set('Authorization', `Bearer ${await issuer.token({ scopes: 'okta.users.read' })}`);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.subject, 'user-123');
    const res = await request(app.callback()).get('/users').set('Authorization', `Bearer ${await issuer.token({ scopes: 'other' })}`);
    expectChallenge(res, { status: 403, error: 'insufficient_scope', scope: 'okta.users.read' });
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  });

  it('checks claims and any-of scopes the same way', async () => {
    process.env.BEARER_GUARD_ISSUER = issuer.issuer;
    process.env.BEARER_GUARD_AUDIENCE = issuer.audience;
    const { requireAnyScope, requireClaims } = await import('../../src/koa/index.js');
    const app = new Koa();
    app.use(requireAnyScope('a', 'b')).use(requireClaims({ groups: 'admins' }));
    app.use((ctx) => {
      ctx.body = 'ok';
    });
    const admin = await issuer.token({ scopes: 'b', claims: { groups: ['admins'] } });
    assert.equal((await request(app.callback()).get('/').set('Authorization', `Bearer ${admin}`)).status, 200);
    const staff = await issuer.token({ scopes: 'b', claims: { groups: ['staff'] } });
    const res = await request(app.callback()).get('/').set('Authorization', `Bearer ${staff}`);
    expectChallenge(res, { status: 403, error: 'insufficient_scope', code: 'claim_mismatch' });
  });

  it('after a bearerAuth, its own guards only check; a standalone guard without environment configuration throws at startup and names them', async () => {
    delete process.env.BEARER_GUARD_ISSUER;
    delete process.env.BEARER_GUARD_AUDIENCE;
    const { bearerAuth, requireScopes } = await import('../../src/koa/index.js');
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience, realm: 'explicit' });
    // No process-wide "a bearerAuth exists" flag decides: the standalone guard always needs its configuration.
    assert.throws(() => requireScopes('a'), (error: unknown) => error instanceof TypeError && /BEARER_GUARD_ISSUER.*auth\.requireScopes/.test(error.message));
    const app = new Koa();
    app.use(auth).use(auth.requireScopes('a'));
    app.use((ctx) => {
      ctx.body = 'ok';
    });
    const res = await request(app.callback()).get('/users').set('Authorization', `Bearer ${await issuer.token({ scopes: 'b' })}`);
    expectChallenge(res, { status: 403, error: 'insufficient_scope', scope: 'a', realm: 'explicit' });
  });

  it('with environment configuration, a standalone guard after a bearerAuth only checks its result', async () => {
    process.env.BEARER_GUARD_ISSUER = issuer.issuer;
    process.env.BEARER_GUARD_AUDIENCE = issuer.audience;
    const { bearerAuth, requireScopes } = await import('../../src/koa/index.js');
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience, realm: 'explicit' });
    const app = new Koa();
    app.use(auth).use(requireScopes('a'));
    app.use((ctx) => {
      ctx.body = 'ok';
    });
    const res = await request(app.callback()).get('/users').set('Authorization', `Bearer ${await issuer.token({ scopes: 'b' })}`);
    expectChallenge(res, { status: 403, error: 'insufficient_scope', scope: 'a', realm: 'explicit' });
  });

  it('requireRoles and requireAnyRole work on their own too, reading roles from the token', async () => {
    process.env.BEARER_GUARD_ISSUER = issuer.issuer;
    process.env.BEARER_GUARD_AUDIENCE = issuer.audience;
    const { requireRoles, requireAnyRole } = await import('../../src/koa/index.js');
    const roles = (guard: ReturnType<typeof requireRoles>) => {
      const app = new Koa();
      app.use(guard);
      app.use((ctx) => {
        ctx.body = 'ok';
      });
      return app.callback();
    };
    const reader = `Bearer ${await issuer.token({ claims: { roles: ['admin'] } })}`;
    assert.equal((await request(roles(requireAnyRole('admin', 'auditor'))).get('/').set('Authorization', reader)).status, 200);
    const refused = await request(roles(requireRoles('admin', 'auditor'))).get('/').set('Authorization', reader);
    expectChallenge(refused, { status: 403, error: 'insufficient_scope', errorDescription: /lacks the role auditor/ });
    assert.equal(refused.body.code, 'role_missing');
  });
});
