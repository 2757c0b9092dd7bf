import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { expectChallenge } from '../../src/testing/index.js';
import { startExpressFixture, type ExpressFixture } from '../helpers/express-fixture.js';

describe('Express: scope and claim guards answer 403 insufficient_scope', () => {
  let f: ExpressFixture;
  let okta: ExpressFixture;
  before(async () => {
    f = await startExpressFixture();
    okta = await startExpressFixture({ issuer: { shape: 'okta-custom' } });
  });
  after(async () => {
    await f.close();
    await okta.close();
  });

  it('lets a token with the scope through (scope string)', async () => {
    const res = await request(f.app).get('/users').set('Authorization', `Bearer ${await f.issuer.token({ scopes: 'users:read other' })}`);
    assert.equal(res.status, 200);
  });

  it('lets a token with the scope through (Okta scp array)', async () => {
    const res = await request(okta.app).get('/users').set('Authorization', `Bearer ${await okta.issuer.token({ scopes: ['x', 'users:read'] })}`);
    assert.equal(res.status, 200);
  });

  it('answers a missing scope with 403, the required scopes in the challenge and the missing ones in the body', async () => {
    const res = await request(f.app).get('/users').set('Authorization', `Bearer ${await f.issuer.token({ scopes: 'users:write' })}`);
    expectChallenge(res, { status: 403, error: 'insufficient_scope', scope: 'users:read', code: 'scope_missing' });
    assert.deepEqual(res.body.missing_scopes, ['users:read']);
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it('matches scopes case-sensitively and never splits array elements', async () => {
    const upper = await request(f.app).get('/users').set('Authorization', `Bearer ${await f.issuer.token({ scopes: 'Users:Read' })}`);
    assert.equal(upper.status, 403);
    const joined = await okta.issuer.token({ scopes: ['users:read other'] });
    assert.equal((await request(okta.app).get('/users').set('Authorization', `Bearer ${joined}`)).status, 403);
  });

  it('requireAnyScope accepts any one of the scopes and lists them all when none is present', async () => {
    const ok = await request(f.app).get('/any').set('Authorization', `Bearer ${await f.issuer.token({ scopes: 'users:write' })}`);
    assert.equal(ok.status, 200);
    const res = await request(f.app).get('/any').set('Authorization', `Bearer ${await f.issuer.token({ scopes: 'x' })}`);
    expectChallenge(res, { status: 403, error: 'insufficient_scope', scope: ['users:read', 'users:write'] });
  });

  it('requireClaims checks array claims by membership', async () => {
    const ok = await request(f.app).get('/admin').set('Authorization', `Bearer ${await f.issuer.token({ claims: { groups: ['staff', 'admins'] } })}`);
    assert.equal(ok.status, 200);
    const res = await request(f.app).get('/admin').set('Authorization', `Bearer ${await f.issuer.token({ claims: { groups: ['staff'] } })}`);
    expectChallenge(res, { status: 403, error: 'insufficient_scope', code: 'claim_mismatch' });
    assert.match(res.body.error_description, /groups/);
  });

  it('still answers 401 before 403 when the token itself is bad', async () => {
    const res = await request(f.app).get('/users').set('Authorization', `Bearer ${await f.issuer.tokens.expired()}`);
    expectChallenge(res, { status: 401, error: 'invalid_token' });
  });

  it('rejects invalid scope strings when the guard is created', () => {
    assert.throws(() => f.auth.requireScopes('a"b'), /not a valid scope/);
    assert.throws(() => f.auth.requireScopes(''), /at least one scope/);
  });
});
