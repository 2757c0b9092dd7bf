import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { createTestClock, createTestIssuer } from '../../src/testing/index.js';

const START = Date.UTC(2026, 0, 1);
const START_S = START / 1000;

describe('createTestIssuer: shapes', () => {
  it('okta-custom: /oauth2/{id} issuer, /v1/keys, scp array, cid, uid, ver, AT. jti, no typ', async () => {
    const issuer = await createTestIssuer({ shape: 'okta-custom', clock: createTestClock(START) });
    try {
      assert.equal(issuer.shape, 'okta-custom');
      assert.equal(issuer.issuer, `${issuer.origin}/oauth2/default`);
      assert.equal(issuer.jwksUri, `${issuer.origin}/oauth2/default/v1/keys`);
      assert.equal(issuer.audience, 'api://default');
      const token = await issuer.token({ scopes: 'openid orders:read', subject: 'alice@example.test' });
      const header = decodeProtectedHeader(token);
      assert.equal(header.typ, undefined);
      assert.equal(header.alg, 'RS256');
      const { jti, uid, ...claims } = decodeJwt(token);
      assert.match(String(jti), /^AT\.[\w-]+$/);
      assert.match(String(uid), /^00u[A-Za-z0-9]{17}$/);
      assert.deepEqual(claims, {
        iss: issuer.issuer,
        sub: 'alice@example.test',
        aud: 'api://default',
        iat: START_S,
        exp: START_S + 3600,
        ver: 1,
        cid: 'client-abc',
        scp: ['openid', 'orders:read'],
      });
      await jwtVerify(token, createRemoteJWKSet(new URL(issuer.jwksUri)), {
        issuer: issuer.issuer,
        audience: 'api://default',
        currentDate: new Date(START),
      });
    } finally {
      await issuer.close();
    }
  });

  it('okta-custom: honours authorizationServerId and the audience option', async () => {
    const issuer = await createTestIssuer({ shape: 'okta-custom', authorizationServerId: 'aus1abc', audience: 'api://orders' });
    try {
      assert.equal(issuer.issuer, `${issuer.origin}/oauth2/aus1abc`);
      assert.equal(issuer.jwksUri, `${issuer.origin}/oauth2/aus1abc/v1/keys`);
      assert.equal(decodeJwt(await issuer.token()).aud, 'api://orders');
      assert.equal(issuer.orgServer?.audience, issuer.origin, 'the audience option is the custom server’s only');
    } finally {
      await issuer.close();
    }
  });

  it('okta-custom: hosts the org server at the origin with its own, distinct keys', async () => {
    const issuer = await createTestIssuer({ shape: 'okta-custom' });
    try {
      const org = issuer.orgServer;
      assert.ok(org);
      assert.equal(org.issuer, issuer.origin);
      assert.equal(org.jwksUri, `${issuer.origin}/oauth2/v1/keys`);
      assert.equal(org.audience, issuer.origin);
      const customKids = new Set(issuer.publicJwks().keys.map((key) => key.kid));
      assert.ok(org.publicJwks().keys.every((key) => !customKids.has(key.kid)));

      const served = (await (await fetch(org.jwksUri)).json()) as { keys: Array<{ kid: string }> };
      assert.deepEqual(served.keys.map((key) => key.kid), org.publicJwks().keys.map((key) => key.kid));

      const orgToken = await org.token({ scopes: ['okta.users.read'] });
      assert.equal(decodeJwt(orgToken).iss, issuer.origin);
      assert.deepEqual(decodeJwt(orgToken).scp, ['okta.users.read']);
      await jwtVerify(orgToken, createRemoteJWKSet(new URL(org.jwksUri)), { issuer: org.issuer, audience: org.audience });
      await assert.rejects(jwtVerify(orgToken, createRemoteJWKSet(new URL(issuer.jwksUri))), {
        code: 'ERR_JWKS_NO_MATCHING_KEY',
      });
    } finally {
      await issuer.close();
    }
  });

  it('okta-org: only the org server, issuer = origin = audience, no orgServer', async () => {
    const issuer = await createTestIssuer({ shape: 'okta-org' });
    try {
      assert.equal(issuer.issuer, issuer.origin);
      assert.equal(issuer.jwksUri, `${issuer.origin}/oauth2/v1/keys`);
      assert.equal(issuer.audience, issuer.origin);
      assert.equal(issuer.orgServer, undefined);
      assert.ok(Array.isArray(decodeJwt(await issuer.token({ scopes: 'a' })).scp));
      assert.equal((await fetch(`${issuer.origin}/oauth2/default/v1/keys`)).status, 404);
    } finally {
      await issuer.close();
    }
  });

  it('auth0: trailing-slash issuer, /.well-known/jwks.json, scope string, azp, permissions, typ JWT', async () => {
    const issuer = await createTestIssuer({ shape: 'auth0', clock: createTestClock(START) });
    try {
      assert.equal(issuer.issuer, `${issuer.origin}/`);
      assert.equal(issuer.jwksUri, `${issuer.origin}/.well-known/jwks.json`);
      const token = await issuer.token({ scopes: ['read:orders'], permissions: ['read:orders', 'write:orders'] });
      assert.equal(decodeProtectedHeader(token).typ, 'JWT');
      assert.deepEqual(decodeJwt(token), {
        iss: `${issuer.origin}/`,
        sub: 'user-123',
        aud: 'https://api.example.test',
        iat: START_S,
        exp: START_S + 3600,
        azp: 'client-abc',
        scope: 'read:orders',
        permissions: ['read:orders', 'write:orders'],
      });
      await jwtVerify(token, createRemoteJWKSet(new URL(issuer.jwksUri)), {
        issuer: `${issuer.origin}/`,
        currentDate: new Date(START),
      });
      await assert.rejects(
        jwtVerify(token, createRemoteJWKSet(new URL(issuer.jwksUri)), { issuer: issuer.origin, currentDate: new Date(START) }),
        { claim: 'iss' },
      );
    } finally {
      await issuer.close();
    }
  });

  it('generic: issuer is the bare origin on 127.0.0.1', async () => {
    const issuer = await createTestIssuer();
    try {
      assert.equal(issuer.shape, 'generic');
      assert.match(issuer.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(issuer.issuer, issuer.origin);
      assert.equal(issuer.jwksUri, `${issuer.origin}/.well-known/jwks.json`);
      assert.equal(issuer.audience, 'https://api.example.test');
    } finally {
      await issuer.close();
    }
  });

  it('rejects unknown shapes and options that do not apply', async () => {
    await assert.rejects(createTestIssuer({ shape: 'ping' as 'generic' }), /shape must be/);
    await assert.rejects(createTestIssuer({ tenant: 'contoso' }), /tenant only applies to shapes 'entra-v2'/);
    await assert.rejects(createTestIssuer({ shape: 'keycloak', tenant: 'a/b' }), /tenant must be a single URL path segment/);
    await assert.rejects(createTestIssuer({ authorizationServerId: 'x' }), /only applies to shape 'okta-custom'/);
    await assert.rejects(createTestIssuer({ shape: 'okta-custom', authorizationServerId: 'a/b' }), /single URL path segment/);
    await assert.rejects(createTestIssuer({ audience: '' }), /audience must be a non-empty string/);
    await assert.rejects(createTestIssuer({ clock: 5 as unknown as () => number }), /clock must be/);
  });
});
