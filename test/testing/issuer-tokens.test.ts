import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import { createTestClock, createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const START = Date.UTC(2026, 0, 1);
const START_S = START / 1000;

async function rejectionCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  assert.fail('expected the verification to fail');
}

describe('createTestIssuer: tokens', () => {
  const clock = createTestClock(START);
  let issuer: TestIssuer;
  let jwks: JWTVerifyGetKey;
  const verify = (token: string, options: Parameters<typeof jwtVerify>[2] = {}) =>
    jwtVerify(token, jwks, { issuer: issuer.issuer, audience: issuer.audience, currentDate: new Date(clock.now()), ...options });

  before(async () => {
    issuer = await createTestIssuer({ clock });
    jwks = createRemoteJWKSet(new URL(issuer.jwksUri));
  });
  after(() => issuer.close());

  for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA'] as const) {
    it(`mints ${alg} tokens that verify against the served JWKS`, async () => {
      const { protectedHeader, payload } = await verify(await issuer.token({ alg }));
      assert.equal(protectedHeader.alg, alg);
      const published = issuer.publicJwks().keys.find((key) => key.kid === protectedHeader.kid);
      assert.equal(published?.alg, alg);
      assert.equal(payload.sub, 'user-123');
    });
  }

  it('gives generic tokens the RFC 9068 claims and header, with times from the clock', async () => {
    const token = await issuer.token({ scopes: ['orders:read', 'orders:write'] });
    const header = decodeProtectedHeader(token);
    assert.deepEqual(header, { alg: 'RS256', kid: issuer.publicJwks().keys[0]?.kid, typ: 'at+jwt' });
    const { jti, ...claims } = decodeJwt(token);
    assert.match(String(jti), /^[0-9a-f-]{36}$/);
    assert.deepEqual(claims, {
      iss: issuer.issuer,
      sub: 'user-123',
      aud: 'https://api.example.test',
      iat: START_S,
      exp: START_S + 3600,
      client_id: 'client-abc',
      scope: 'orders:read orders:write',
    });
  });

  it('reads expiresIn and notBefore as seconds or with a unit', async () => {
    assert.equal(decodeJwt(await issuer.token({ expiresIn: '5m' })).exp, START_S + 300);
    assert.equal(decodeJwt(await issuer.token({ expiresIn: 90 })).exp, START_S + 90);
    assert.equal(decodeJwt(await issuer.token({ expiresIn: '-1h' })).exp, START_S - 3600);
    assert.equal(decodeJwt(await issuer.token({ notBefore: '30s' })).nbf, START_S + 30);
    await assert.rejects(issuer.token({ expiresIn: '5 minutes' }), /expiresIn must be seconds or a string like/);
  });

  it('mints acr and an auth_time some time ago, for step-up tests', async () => {
    const claims = decodeJwt(await issuer.token({ acr: 'mfa', authAge: '10m' }));
    assert.equal(claims.acr, 'mfa');
    assert.equal(claims.auth_time, START_S - 600);
    assert.equal(decodeJwt(await issuer.token({ authAge: 0 })).auth_time, START_S);
    assert.equal('acr' in decodeJwt(await issuer.token()), false);
    await assert.rejects(issuer.token({ acr: '' }), /acr must be a non-empty string/);
  });

  it('follows the clock as it moves', async () => {
    const local = createTestClock(START);
    const timed = await createTestIssuer({ clock: () => local.now() });
    try {
      local.advance(1_500);
      const payload = decodeJwt(await timed.token({ expiresIn: '1h' }));
      assert.equal(payload.iat, START_S + 1);
      assert.equal(payload.exp, START_S + 1 + 3600);
    } finally {
      await timed.close();
    }
  });

  it('sets subject, client id, audience list, issuer and permissions from options', async () => {
    const payload = decodeJwt(
      await issuer.token({
        subject: 'alice',
        clientId: 'cli-9',
        audience: ['https://a.test', 'https://b.test'],
        issuer: 'https://elsewhere.test',
        permissions: ['read:orders'],
      }),
    );
    assert.equal(payload.sub, 'alice');
    assert.equal(payload.client_id, 'cli-9');
    assert.deepEqual(payload.aud, ['https://a.test', 'https://b.test']);
    assert.equal(payload.iss, 'https://elsewhere.test');
    assert.deepEqual(payload.permissions, ['read:orders']);
  });

  it('places scopes where scopeClaim says, from an array or a space-separated string', async () => {
    assert.deepEqual(decodeJwt(await issuer.token({ scopes: 'a  b', scopeClaim: 'scp' })).scp, ['a', 'b']);
    const asString = decodeJwt(await issuer.token({ scopes: ['a', 'b'], scopeClaim: 'scp-string' }));
    assert.equal(asString.scp, 'a b');
    assert.equal(asString.scope, undefined);
    assert.equal(decodeJwt(await issuer.token()).scope, undefined, 'no scopes option, no scope claim');
  });

  it('merges claims last, and deletes claims set to undefined', async () => {
    const payload = decodeJwt(await issuer.token({ claims: { exp: undefined, sub: 'override', tenant: 't1' } }));
    assert.equal('exp' in payload, false);
    assert.equal(payload.sub, 'override');
    assert.equal(payload.tenant, 't1');
  });

  it('keeps a hostile __proto__ claim as a real JSON member', async () => {
    const token = await issuer.token({ claims: JSON.parse('{"__proto__":{"admin":true}}') as Record<string, unknown> });
    const json = Buffer.from(token.split('.')[1] ?? '', 'base64url').toString();
    assert.match(json, /"__proto__":\{"admin":true\}/);
  });

  it('merges header members and deletes those set to undefined', async () => {
    const token = await issuer.token({ header: { crit: ['exp'], jku: 'http://evil.test/jwks', typ: undefined } });
    const header = decodeProtectedHeader(token);
    assert.deepEqual(header.crit, ['exp']);
    assert.equal(header.jku, 'http://evil.test/jwks');
    assert.equal('typ' in header, false);
    await assert.rejects(verify(token), { code: 'ERR_JOSE_NOT_SUPPORTED' });
  });

  it('omits the kid with kid: null and puts an unknown kid in the header as given', async () => {
    assert.equal('kid' in decodeProtectedHeader(await issuer.token({ kid: null })), false);
    const unknown = await issuer.token({ kid: 'nope' });
    assert.equal(decodeProtectedHeader(unknown).kid, 'nope');
    assert.equal(await rejectionCode(verify(unknown)), 'ERR_JWKS_NO_MATCHING_KEY');
  });

  it('signs with the named key of another RSA algorithm: header RS256, kid of the PS256 key', async () => {
    const psKey = issuer.publicJwks().keys.find((key) => key.alg === 'PS256');
    assert.ok(psKey);
    const token = await issuer.token({ alg: 'RS256', kid: psKey.kid });
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'RS256', kid: psKey.kid, typ: 'at+jwt' });
    // The signature is genuinely made with that key's material, so only an alg check stops it.
    const { alg: _published, ...material } = psKey;
    await jwtVerify(token, await importJWK(material, 'RS256'), { currentDate: new Date(START) });
    await assert.rejects(verify(token));
  });

  it('signs HS256 with a given secret and the RSA kid, for algorithm-confusion tests', async () => {
    const pem = issuer.publicKeyPem();
    const token = await issuer.token({ alg: 'HS256', secret: pem });
    const rsaKid = issuer.publicJwks().keys.find((key) => key.alg === 'RS256')?.kid;
    assert.equal(decodeProtectedHeader(token).kid, rsaKid);
    await jwtVerify(token, new TextEncoder().encode(pem), { currentDate: new Date(START) });
    await assert.rejects(verify(token));
    await assert.rejects(issuer.token({ alg: 'HS256' }), /needs a secret option/);
  });

  it('rejects an unknown alg and a foreign key for HS256', async () => {
    await assert.rejects(issuer.token({ alg: 'RS512' as 'RS256' }), TypeError);
    await assert.rejects(issuer.token({ alg: 'HS256', secret: 'x', signingKey: 'foreign' }), TypeError);
  });

  describe('named tokens', () => {
    it('valid verifies', async () => {
      await verify(await issuer.tokens.valid({ scopes: 'a' }));
    });

    it('expired has exp one hour ago and iat before it', async () => {
      const token = await issuer.tokens.expired();
      const payload = decodeJwt(token);
      assert.equal(payload.exp, START_S - 3600);
      assert.equal(payload.iat, START_S - 7200);
      assert.equal(await rejectionCode(verify(token)), 'ERR_JWT_EXPIRED');
    });

    it('notYetValid has nbf one hour ahead', async () => {
      const token = await issuer.tokens.notYetValid();
      assert.equal(decodeJwt(token).nbf, START_S + 3600);
      await assert.rejects(verify(token), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'nbf' });
    });

    it('issuedInFuture has iat one hour ahead and a later exp', async () => {
      const payload = decodeJwt(await issuer.tokens.issuedInFuture());
      assert.equal(payload.iat, START_S + 3600);
      assert.equal(payload.exp, START_S + 7200);
    });

    it('wrongAudience and otherIssuer fail exactly on aud and iss', async () => {
      await assert.rejects(verify(await issuer.tokens.wrongAudience()), { claim: 'aud' });
      const other = await issuer.tokens.otherIssuer();
      assert.equal(decodeJwt(other).iss, 'https://other-issuer.example.test');
      await assert.rejects(verify(other), { claim: 'iss' });
      await verify(other, { issuer: 'https://other-issuer.example.test' });
    });

    it('unknownKey has a kid that is not in the JWKS', async () => {
      const token = await issuer.tokens.unknownKey();
      const kid = decodeProtectedHeader(token).kid;
      assert.ok(kid && !issuer.publicJwks().keys.some((key) => key.kid === kid));
      assert.equal(await rejectionCode(verify(token)), 'ERR_JWKS_NO_MATCHING_KEY');
    });

    it('wrongKey keeps the right kid but fails the signature', async () => {
      const good = await issuer.tokens.valid();
      const bad = await issuer.tokens.wrongKey();
      assert.equal(decodeProtectedHeader(bad).kid, decodeProtectedHeader(good).kid);
      assert.equal(await rejectionCode(verify(bad)), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
      assert.equal(await rejectionCode(verify(await issuer.tokens.wrongKey({ alg: 'ES256' }))), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    });

    it('algNone is {"alg":"none"} with an empty signature', async () => {
      const token = await issuer.tokens.algNone({ scopes: 'a' });
      const [header, payload, signature] = token.split('.');
      assert.equal(Buffer.from(header ?? '', 'base64url').toString(), '{"alg":"none"}');
      assert.equal(signature, '');
      assert.equal(decodeJwt(token).scope, 'a');
      assert.ok(payload);
      await assert.rejects(verify(token));
    });

    it('missingScope has no scope claim even when scopes are passed', async () => {
      const payload = decodeJwt(await issuer.tokens.missingScope({ scopes: ['a'] }));
      assert.equal('scope' in payload || 'scp' in payload, false);
      assert.equal(payload.sub, 'user-123');
    });

    it('noExpiry has no exp claim, and caller claims still win', async () => {
      assert.equal('exp' in decodeJwt(await issuer.tokens.noExpiry()), false);
      assert.equal(decodeJwt(await issuer.tokens.noExpiry({ claims: { exp: 1 } })).exp, 1);
    });
  });
});
