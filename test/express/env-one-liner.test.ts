import assert from 'node:assert/strict';
import express from 'express';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createTestIssuer, expectChallenge, type TestIssuer } from '../../src/testing/index.js';

describe('Express: app.use(requireScopes(...)) on its own, configured from the environment', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer();
  });
  after(() => issuer.close());

  it('throws at startup, naming the variables, when the environment has no configuration', async () => {
    delete process.env.BEARER_GUARD_ISSUER;
    delete process.env.BEARER_GUARD_AUDIENCE;
    const { requireScopes } = await import('../../src/express/index.js');
    assert.throws(() => requireScopes('okta.users.read'), /BEARER_GUARD_ISSUER.*BEARER_GUARD_AUDIENCE/);
  });

  it('authenticates and checks scopes with BEARER_GUARD_ISSUER and BEARER_GUARD_AUDIENCE', async () => {
    process.env.BEARER_GUARD_ISSUER = issuer.issuer;
    process.env.BEARER_GUARD_AUDIENCE = issuer.audience;
    const { requireScopes } = await import('../../src/express/index.js');
    const app = express();
    app.use(requireScopes('okta.users.read'));
    app.get('/users', (req, res) => {
      res.json({ subject: req.auth?.subject });
    });
    expectChallenge(await request(app).get('/users'), { status: 401, error: null });
    const ok = await request(app).get('/users').set('Authorization', `Bearer ${await issuer.token({ scopes: 'okta.users.read' })}`);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.subject, 'user-123');
    const res = await request(app).get('/users').set('Authorization', `Bearer ${await issuer.token({ scopes: 'other' })}`);
    expectChallenge(res, { status: 403, error: 'insufficient_scope', scope: 'okta.users.read' });
  });

  it('after a bearerAuth, its own guards only check; a standalone guard without environment configuration throws at startup and names them', async () => {
    delete process.env.BEARER_GUARD_ISSUER;
    delete process.env.BEARER_GUARD_AUDIENCE;
    const { bearerAuth, requireScopes } = await import('../../src/express/index.js');
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience, realm: 'explicit' });
    // No process-wide "a bearerAuth exists" flag decides: the standalone guard always needs its configuration.
    assert.throws(() => requireScopes('a'), (error: unknown) => error instanceof TypeError && /BEARER_GUARD_ISSUER.*auth\.requireScopes/.test(error.message));
    const app = express();
    app.get('/users', auth, auth.requireScopes('a'), (_req, res) => {
      res.send('ok');
    });
    const res = await request(app).get('/users').set('Authorization', `Bearer ${await issuer.token({ scopes: 'b' })}`);
    expectChallenge(res, { status: 403, error: 'insufficient_scope', scope: 'a', realm: 'explicit' });
  });

  it('with environment configuration, a standalone guard after a bearerAuth only checks its result', async () => {
    process.env.BEARER_GUARD_ISSUER = issuer.issuer;
    process.env.BEARER_GUARD_AUDIENCE = issuer.audience;
    const { bearerAuth, requireScopes } = await import('../../src/express/index.js');
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience, realm: 'explicit' });
    const app = express();
    app.get('/users', auth, requireScopes('a'), (_req, res) => {
      res.send('ok');
    });
    const res = await request(app).get('/users').set('Authorization', `Bearer ${await issuer.token({ scopes: 'b' })}`);
    expectChallenge(res, { status: 403, error: 'insufficient_scope', scope: 'a', realm: 'explicit' });
  });

  it('requireRoles and requireAnyRole work on their own too, reading roles from the token', async () => {
    process.env.BEARER_GUARD_ISSUER = issuer.issuer;
    process.env.BEARER_GUARD_AUDIENCE = issuer.audience;
    const { requireRoles, requireAnyRole } = await import('../../src/express/index.js');
    const app = express();
    app.get('/admin', requireRoles('admin', 'auditor'), (_req, res) => {
      res.send('ok');
    });
    app.get('/any', requireAnyRole('admin', 'auditor'), (_req, res) => {
      res.send('ok');
    });
    const reader = `Bearer ${await issuer.token({ claims: { roles: ['admin'] } })}`;
    assert.equal((await request(app).get('/any').set('Authorization', reader)).status, 200);
    const refused = await request(app).get('/admin').set('Authorization', reader);
    expectChallenge(refused, { status: 403, error: 'insufficient_scope', errorDescription: /lacks the role auditor/ });
    assert.equal(refused.body.code, 'role_missing');
    expectChallenge(await request(app).get('/admin'), { status: 401, error: null });
  });
});
