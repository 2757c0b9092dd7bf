import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { createClientAuthentication } from '../../src/core/oauth/client-auth.js';
import { createTestClock, createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const clientKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });

describe('createTestIssuer: opaque tokens and POST introspection (RFC 7662)', () => {
  const clock = createTestClock();
  let issuer: TestIssuer;
  const basic = createClientAuthentication({ clientId: 'orders-api', clientSecret: 'api-secret' });

  async function introspect(token: string, auth = basic, headers: Record<string, string> = {}) {
    const credentials = await auth.credentialsFor(issuer.introspectionEndpoint);
    return fetch(issuer.introspectionEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...credentials.headers, ...headers },
      body: new URLSearchParams({ token, ...credentials.params }),
    });
  }
  const members = async (token: string) => (await (await introspect(token)).json()) as Record<string, unknown>;

  before(async () => {
    issuer = await createTestIssuer({ clock, shape: 'okta-custom' });
    issuer.registerClient({ clientId: 'orders-api', clientSecret: 'api-secret' });
    issuer.registerClient({ clientId: 'keyed-api', publicKey: clientKeys.publicKey });
  });
  beforeEach(() => {
    issuer.restore();
    issuer.resetHits();
  });
  after(() => issuer.close());

  it('advertises introspection_endpoint in discovery, at Okta\'s path for an Okta shape', async () => {
    const doc = (await (await fetch(issuer.discoveryUrls.oidc)).json()) as { introspection_endpoint: string };
    assert.equal(doc.introspection_endpoint, issuer.introspectionEndpoint);
    assert.equal(new URL(issuer.introspectionEndpoint).pathname, '/oauth2/default/v1/introspect');
  });

  it('an opaque token is a random string whose claims only introspection reveals', async () => {
    const token = issuer.opaqueToken({ scopes: 'orders:read', subject: 'alice' });
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    const body = await members(token);
    assert.equal(body.active, true);
    assert.equal(body.iss, issuer.issuer);
    assert.equal(body.sub, 'alice');
    assert.equal(body.aud, issuer.audience);
    assert.deepEqual(body.scp, ['orders:read']);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(issuer.hits.introspection, 1);
  });

  it('revoked, expired, unknown and foreign-signed tokens are { active: false } and nothing else', async () => {
    const revoked = issuer.opaqueToken();
    issuer.revoke(revoked);
    const shortLived = issuer.opaqueToken({ expiresIn: 60 });
    clock.advance(60_000);
    for (const token of [revoked, shortLived, 'never-issued', await issuer.tokens.wrongKey(), await issuer.tokens.otherIssuer()]) {
      assert.deepEqual(await members(token), { active: false });
    }
    clock.advance(-60_000);
  });

  it('introspects its own JWTs too, and forgets nothing about revoked ones', async () => {
    const jwt = await issuer.token({ scopes: ['a'] });
    assert.equal((await members(jwt)).active, true);
    issuer.revoke(jwt);
    assert.deepEqual(await members(jwt), { active: false });
  });

  it('answers 401 invalid_client to a caller that is not a registered client, 400 without a token', async () => {
    const stranger = createClientAuthentication({ clientId: 'orders-api', clientSecret: 'wrong' });
    const refused = await introspect(issuer.opaqueToken(), stranger);
    assert.equal(refused.status, 401);
    assert.equal(((await refused.json()) as { error: string }).error, 'invalid_client');
    assert.equal(refused.headers.get('www-authenticate'), `Basic realm="${issuer.issuer}"`);
    const credentials = await basic.credentialsFor(issuer.introspectionEndpoint);
    const noToken = await fetch(issuer.introspectionEndpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...credentials.headers }, body: '' });
    assert.equal(noToken.status, 400);
  });

  it('accepts private_key_jwt with the introspection endpoint as the assertion audience', async () => {
    const keyed = createClientAuthentication({ clientId: 'keyed-api', privateKey: clientKeys.privateKey }, { clock: clock.now });
    const res = await introspect(issuer.opaqueToken(), keyed);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { active: boolean }).active, true);
  });

  it('answers the signed RFC 9701 JWT to a request that accepts it', async () => {
    const token = issuer.opaqueToken({ scopes: 'orders:read' });
    const res = await introspect(token, basic, { accept: 'application/token-introspection+jwt' });
    assert.equal(res.headers.get('content-type'), 'application/token-introspection+jwt');
    const { payload, protectedHeader } = await jwtVerify(await res.text(), createLocalJWKSet(issuer.publicJwks()), {
      issuer: issuer.issuer,
      audience: 'orders-api',
      currentDate: new Date(clock.now()),
      typ: 'token-introspection+jwt',
    });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal((payload.token_introspection as { active: boolean }).active, true);
  });

  it('misbehaves on demand: fail(\'introspection\', …) with the endpoint\'s hits counted', async () => {
    issuer.fail('introspection', { status: 429, headers: { 'retry-after': '7' } });
    const limited = await introspect(issuer.opaqueToken());
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    issuer.fail('introspection', 'garbage', { once: true });
    issuer.restore('introspection');
    assert.equal((await introspect(issuer.opaqueToken())).status, 200);
    assert.equal(issuer.hits.introspection, 2);
  });
});
