import assert from 'node:assert/strict';
import express from 'express';
import { after, describe, it } from 'node:test';
import request from 'supertest';
import { auth0, bearerAuth, okta } from '../../src/express/index.js';
import { createTestClock, createTestIssuer, expectChallenge, type TestIssuer } from '../../src/testing/index.js';

function appWith(auth: ReturnType<typeof bearerAuth>) {
  const app = express();
  app.get('/me', auth, (req, res) => {
    res.json({ issuer: req.auth?.issuer, scopes: req.auth?.scopes });
  });
  return app;
}

describe('Express: issuers are an allowlist', () => {
  const issuers: TestIssuer[] = [];
  const clock = createTestClock();
  after(async () => {
    await Promise.all(issuers.map((i) => i.close()));
  });
  async function issuer(options: Parameters<typeof createTestIssuer>[0] = {}) {
    const i = await createTestIssuer({ clock, ...options });
    issuers.push(i);
    return i;
  }

  for (const form of ['oidc', 'rfc8414', 'okta'] as const) {
    it(`finds the JWKS by discovery when only the ${form} document is served`, async () => {
      const shape = form === 'okta' ? 'okta-custom' : 'generic';
      const i = await issuer({ shape, discovery: [form] });
      const app = appWith(bearerAuth({ issuers: [i.issuer], audience: i.audience, clock: clock.now }));
      const res = await request(app).get('/me').set('Authorization', `Bearer ${await i.token()}`);
      assert.equal(res.status, 200);
      assert.equal(i.hits.jwks, 1);
    });
  }

  it('refuses a discovery document that names another issuer, and says so', async () => {
    const i = await issuer({ discoveryIssuer: 'https://evil.example' });
    const app = appWith(bearerAuth({ issuers: [i.issuer], audience: i.audience, clock: clock.now }));
    const res = await request(app).get('/me').set('Authorization', `Bearer ${await i.token()}`);
    assert.equal(res.status, 503);
    assert.equal(res.body.code, 'discovery_issuer_mismatch');
    assert.match(res.body.error_description, /evil\.example/);
    assert.equal(i.hits.jwks, 0);
  });

  it('refuses a token from an unknown issuer without fetching anything', async () => {
    const trusted = await issuer();
    const other = await issuer();
    const app = appWith(bearerAuth({ issuers: [trusted.issuer], audience: trusted.audience, clock: clock.now }));
    const res = await request(app).get('/me').set('Authorization', `Bearer ${await other.token({ audience: trusted.audience })}`);
    expectChallenge(res, { status: 401, error: 'invalid_token', code: 'issuer_not_allowed' });
    assert.equal(trusted.hits.jwks + trusted.hits.discovery + other.hits.jwks + other.hits.discovery, 0);
  });

  it('picks the issuer by iss among several, each with its own keys', async () => {
    const a = await issuer();
    const b = await issuer();
    const auth = bearerAuth({
      issuers: [{ issuer: a.issuer, jwksUri: a.jwksUri }, { issuer: b.issuer, jwksUri: b.jwksUri }],
      audience: a.audience,
      clock: clock.now,
    });
    const app = appWith(auth);
    for (const i of [a, b]) {
      const res = await request(app).get('/me').set('Authorization', `Bearer ${await i.token()}`);
      assert.equal(res.body.issuer, i.issuer);
    }
    // B's iss signed with A's key: the kid is unknown at B.
    const crossed = await a.token({ issuer: b.issuer });
    const res = await request(app).get('/me').set('Authorization', `Bearer ${crossed}`);
    expectChallenge(res, { status: 401, error: 'invalid_token', code: 'kid_unknown' });
  });

  it('keeps the trailing slash significant and names it', async () => {
    const i = await issuer({ shape: 'auth0' });
    const withoutSlash = i.issuer.replace(/\/$/, '');
    const app = appWith(bearerAuth({ issuers: [{ issuer: withoutSlash, jwksUri: i.jwksUri }], audience: i.audience, clock: clock.now }));
    const res = await request(app).get('/me').set('Authorization', `Bearer ${await i.token()}`);
    expectChallenge(res, { status: 401, error: 'invalid_token', code: 'issuer_trailing_slash' });
    assert.match(res.body.error_description, /trailing slash/);

    const exact = appWith(bearerAuth({ issuers: [auth0({ domain: i.origin })], audience: i.audience, clock: clock.now }));
    assert.equal((await request(exact).get('/me').set('Authorization', `Bearer ${await i.token()}`)).status, 200);
  });

  it('reads Auth0 scope strings, and permissions only when enabled', async () => {
    const i = await issuer({ shape: 'auth0' });
    const token = await i.token({ scopes: 'read:a write:a', permissions: ['admin:all'] });
    const plain = appWith(bearerAuth({ issuers: [auth0({ domain: i.origin })], audience: i.audience, clock: clock.now }));
    assert.deepEqual((await request(plain).get('/me').set('Authorization', `Bearer ${token}`)).body.scopes, ['read:a', 'write:a']);
    const withPermissions = appWith(
      bearerAuth({ issuers: [auth0({ domain: i.origin })], audience: i.audience, clock: clock.now, permissionsAsScopes: true }),
    );
    assert.deepEqual((await request(withPermissions).get('/me').set('Authorization', `Bearer ${token}`)).body.scopes, ['read:a', 'write:a', 'admin:all']);
  });

  it('refuses an Okta org-server token at a custom-server API, naming both issuers', async () => {
    const i = await issuer({ shape: 'okta-custom' });
    const org = i.orgServer!;
    const app = appWith(bearerAuth({ issuers: [okta({ domain: i.origin })], audience: i.audience, clock: clock.now }));
    const res = await request(app).get('/me').set('Authorization', `Bearer ${await org.token({ audience: i.audience })}`);
    expectChallenge(res, { status: 401, error: 'invalid_token', code: 'issuer_okta_org_server' });
    assert.ok(res.body.error_description.includes(org.issuer) && res.body.error_description.includes(i.issuer));
    assert.equal(i.hits.jwks + org.hits.jwks, 0);

    const ok = await request(app).get('/me').set('Authorization', `Bearer ${await i.token({ scopes: ['a', 'b'] })}`);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.scopes, ['a', 'b']);
  });

  it('refuses a custom-server token at an org-server API, and the org server must be asked for', async () => {
    const i = await issuer({ shape: 'okta-custom' });
    const app = appWith(
      bearerAuth({ issuers: [okta({ domain: i.origin, authorizationServer: 'org' })], audience: i.orgServer!.audience, clock: clock.now }),
    );
    const res = await request(app).get('/me').set('Authorization', `Bearer ${await i.token({ audience: i.orgServer!.audience })}`);
    expectChallenge(res, { status: 401, error: 'invalid_token', code: 'issuer_okta_custom_server' });
    const orgToken = await i.orgServer!.token();
    assert.equal((await request(app).get('/me').set('Authorization', `Bearer ${orgToken}`)).status, 200);
  });
});
