import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestIssuer, type TestAuthorizationServer } from '../../src/testing/index.js';

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function assertServesMetadata(server: TestAuthorizationServer, url: string): Promise<void> {
  const { status, body } = await getJson(url);
  assert.equal(status, 200, url);
  assert.equal(body.issuer, server.issuer);
  assert.equal(body.jwks_uri, server.jwksUri);
  for (const member of ['authorization_endpoint', 'token_endpoint']) assert.equal(typeof body[member], 'string');
  assert.deepEqual(body.response_types_supported, ['code']);
  assert.deepEqual(body.subject_types_supported, ['public']);
  assert.deepEqual(body.id_token_signing_alg_values_supported, ['RS256']);
}

describe('createTestIssuer: discovery', () => {
  it('okta-custom serves all three forms by default, each at its own URL', async () => {
    const issuer = await createTestIssuer({ shape: 'okta-custom' });
    try {
      const { origin } = issuer;
      assert.deepEqual(issuer.discoveryUrls, {
        oidc: `${origin}/oauth2/default/.well-known/openid-configuration`,
        rfc8414: `${origin}/.well-known/oauth-authorization-server/oauth2/default`,
        okta: `${origin}/oauth2/default/.well-known/oauth-authorization-server`,
      });
      for (const url of Object.values(issuer.discoveryUrls)) await assertServesMetadata(issuer, url);
      const { body } = await getJson(issuer.discoveryUrls.okta);
      assert.equal(body.authorization_endpoint, `${origin}/oauth2/default/v1/authorize`);
      assert.equal(issuer.hits.discovery, 4);
    } finally {
      await issuer.close();
    }
  });

  it('okta-custom also serves the org server metadata at the origin, counted separately', async () => {
    const issuer = await createTestIssuer({ shape: 'okta-custom' });
    try {
      const org = issuer.orgServer;
      assert.ok(org);
      assert.deepEqual(org.discoveryUrls, {
        oidc: `${issuer.origin}/.well-known/openid-configuration`,
        rfc8414: `${issuer.origin}/.well-known/oauth-authorization-server`,
        okta: `${issuer.origin}/.well-known/oauth-authorization-server`,
      });
      await assertServesMetadata(org, org.discoveryUrls.oidc);
      await assertServesMetadata(org, org.discoveryUrls.rfc8414);
      assert.equal(org.hits.discovery, 2);
      assert.equal(issuer.hits.discovery, 0);
    } finally {
      await issuer.close();
    }
  });

  it('serves only the forms listed in the discovery option', async () => {
    const issuer = await createTestIssuer({ shape: 'okta-custom', discovery: ['okta'] });
    try {
      await assertServesMetadata(issuer, issuer.discoveryUrls.okta);
      assert.equal((await fetch(issuer.discoveryUrls.oidc)).status, 404);
      assert.equal((await fetch(issuer.discoveryUrls.rfc8414)).status, 404);
      assert.equal(issuer.hits.discovery, 1, '404s are not discovery hits');
    } finally {
      await issuer.close();
    }
  });

  it('serves nothing with an empty discovery list, while the JWKS still works', async () => {
    const issuer = await createTestIssuer({ discovery: [] });
    try {
      assert.equal((await fetch(issuer.discoveryUrls.oidc)).status, 404);
      assert.equal((await fetch(issuer.jwksUri)).status, 200);
    } finally {
      await issuer.close();
    }
  });

  it('gives rfc8414 and okta the same URL when the issuer has no path', async () => {
    const issuer = await createTestIssuer();
    try {
      assert.equal(issuer.discoveryUrls.rfc8414, `${issuer.origin}/.well-known/oauth-authorization-server`);
      assert.equal(issuer.discoveryUrls.okta, issuer.discoveryUrls.rfc8414);
      await assertServesMetadata(issuer, issuer.discoveryUrls.oidc);
      await assertServesMetadata(issuer, issuer.discoveryUrls.rfc8414);
    } finally {
      await issuer.close();
    }
  });

  it('auth0 strips the trailing slash before appending, but advertises the issuer with it', async () => {
    const issuer = await createTestIssuer({ shape: 'auth0' });
    try {
      assert.equal(issuer.discoveryUrls.oidc, `${issuer.origin}/.well-known/openid-configuration`);
      await assertServesMetadata(issuer, issuer.discoveryUrls.oidc);
      assert.equal((await getJson(issuer.discoveryUrls.oidc)).body.issuer, `${issuer.origin}/`);
    } finally {
      await issuer.close();
    }
  });

  it('advertises discoveryIssuer instead of the real issuer when asked', async () => {
    const issuer = await createTestIssuer({ shape: 'okta-custom', discoveryIssuer: 'https://evil.example.test' });
    try {
      for (const url of Object.values(issuer.discoveryUrls)) {
        assert.equal((await getJson(url)).body.issuer, 'https://evil.example.test');
      }
      assert.equal((await getJson(issuer.orgServer?.discoveryUrls.oidc ?? '')).body.issuer, issuer.origin);
      assert.equal(decodeIss(await issuer.token()), issuer.issuer, 'tokens keep the real iss');
    } finally {
      await issuer.close();
    }
  });

  it('answers unknown paths with a JSON 404 and other methods with 405', async () => {
    const issuer = await createTestIssuer();
    try {
      const missing = await getJson(`${issuer.origin}/nope?x=1`);
      assert.deepEqual(missing, { status: 404, body: { error: 'not_found', path: '/nope' } });
      const post = await fetch(issuer.jwksUri, { method: 'POST' });
      assert.equal(post.status, 405);
      assert.equal(post.headers.get('allow'), 'GET, HEAD');
      await post.body?.cancel();
      assert.equal(issuer.hits.jwks, 0);
    } finally {
      await issuer.close();
    }
  });

  it('rejects an unknown discovery form', async () => {
    await assert.rejects(createTestIssuer({ discovery: ['webfinger' as 'oidc'] }), /discovery must be an array of/);
  });
});

function decodeIss(token: string): unknown {
  return (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { iss?: unknown }).iss;
}
