import assert from 'node:assert/strict';
import { generateKeyPair, exportJWK, SignJWT } from 'jose';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { expectChallenge, parseWwwAuthenticate } from '../../src/testing/index.js';
import { startExpressFixture, type ExpressFixture } from '../helpers/express-fixture.js';

async function call(f: ExpressFixture, token: string, path = '/me') {
  return request(f.app).get(path).set('Authorization', `Bearer ${token}`);
}

async function expectInvalid(f: ExpressFixture, token: string, code: string, description?: RegExp) {
  const res = await call(f, token);
  expectChallenge(res, { status: 401, error: 'invalid_token', code });
  if (description) assert.match(res.body.error_description, description);
  return res;
}

describe('Express: token checks answer 401 invalid_token', () => {
  let f: ExpressFixture;
  before(async () => {
    f = await startExpressFixture({ auth: { algorithms: ['RS256', 'ES256', 'EdDSA'] } });
  });
  after(() => f.close());

  it('accepts RS256, ES256 and EdDSA tokens when allowed', async () => {
    for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
      assert.equal((await call(f, await f.issuer.token({ alg }))).status, 200, alg);
    }
  });

  it('refuses an algorithm outside the allowlist, naming it', async () => {
    await expectInvalid(f, await f.issuer.token({ alg: 'PS256' }), 'algorithm_not_allowed', /PS256.*RS256, ES256, EdDSA/);
  });

  it('refuses alg none', async () => {
    await expectInvalid(f, await f.issuer.tokens.algNone(), 'algorithm_not_allowed', /alg none/);
  });

  it('refuses HS256 signed with the RSA public key as the secret (algorithm confusion)', async () => {
    const token = await f.issuer.token({ alg: 'HS256', secret: f.issuer.publicKeyPem('RS256') });
    await expectInvalid(f, token, 'algorithm_not_allowed', /HS256/);
  });

  it('refuses an unknown kid after one refresh of the JWKS', async () => {
    await call(f, await f.issuer.token());
    f.issuer.resetHits();
    await expectInvalid(f, await f.issuer.tokens.unknownKey(), 'kid_unknown');
    assert.equal(f.issuer.hits.jwks, 1);
  });

  it('refuses the right kid with a signature by another key', async () => {
    await expectInvalid(f, await f.issuer.tokens.wrongKey(), 'signature_invalid');
  });

  it('refuses a token whose payload was altered', async () => {
    const [h, , s] = (await f.issuer.token()).split('.');
    const forged = Buffer.from(JSON.stringify({ iss: f.issuer.issuer, aud: f.issuer.audience, exp: 4102444800, sub: 'admin' })).toString('base64url');
    await expectInvalid(f, `${h}.${forged}.${s}`, 'signature_invalid');
  });

  it('refuses a key that does not fit the alg (EC key named in an RS256 header)', async () => {
    const ecKid = f.issuer.publicJwks().keys.find((k) => k.kty === 'EC')!.kid;
    await expectInvalid(f, await f.issuer.token({ alg: 'RS256', kid: ecKid }), 'algorithm_key_mismatch');
  });

  it('accepts a token expired within the clock tolerance and refuses one beyond it', async () => {
    const now = Math.floor(f.clock.now() / 1000);
    assert.equal((await call(f, await f.issuer.token({ claims: { exp: now - 30 } }))).status, 200);
    await expectInvalid(f, await f.issuer.token({ claims: { exp: now - 61 } }), 'token_expired', /expired 1m1s ago .*clock tolerance 1m/);
  });

  it('refuses nbf and iat in the future beyond the tolerance', async () => {
    await expectInvalid(f, await f.issuer.tokens.notYetValid(), 'token_not_yet_valid', /not valid until/);
    await expectInvalid(f, await f.issuer.tokens.issuedInFuture(), 'token_issued_in_future', /in the future/);
    const now = Math.floor(f.clock.now() / 1000);
    assert.equal((await call(f, await f.issuer.token({ claims: { nbf: now + 50, iat: now + 50 } }))).status, 200);
  });

  it('refuses a token without exp', async () => {
    await expectInvalid(f, await f.issuer.tokens.noExpiry(), 'expiry_missing');
  });

  it('accepts an aud array containing the audience and refuses others, naming both', async () => {
    assert.equal((await call(f, await f.issuer.token({ audience: ['other', f.issuer.audience] }))).status, 200);
    const res = await expectInvalid(f, await f.issuer.tokens.wrongAudience(), 'audience_mismatch');
    assert.ok(res.body.error_description.includes(f.issuer.audience));
  });

  it('refuses non-empty crit', async () => {
    await expectInvalid(f, await f.issuer.token({ header: { crit: ['exp'] } }), 'crit_unsupported');
  });

  it('refuses a crit nested thousands of arrays deep with 401, not a 500 (the description cannot stringify it)', async () => {
    const depth = 5000;
    const header = `{"alg":"RS256","crit":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const [, payload, signature] = (await f.issuer.token()).split('.');
    const token = `${Buffer.from(header).toString('base64url')}.${payload}.${signature}`;
    assert.ok(token.length < 16_384, 'the token fits the default size limit');
    const res = await expectInvalid(f, token, 'crit_unsupported');
    assert.match(res.body.error_description, /critical extensions/);
  });

  it('refuses an ID token (nonce) and a cnf-bound token sent as Bearer', async () => {
    await expectInvalid(f, await f.issuer.token({ claims: { nonce: 'n-1' } }), 'id_token_presented');
    await expectInvalid(f, await f.issuer.token({ claims: { cnf: { jkt: 'abc' } } }), 'token_sender_constrained');
  });

  it('refuses a token that is not a JWT, and a JWE, with distinct codes', async () => {
    await expectInvalid(f, 'abc.def', 'token_malformed');
    await expectInvalid(f, 'aaa.bbb.ccc.ddd.eee', 'token_encrypted');
  });

  it('answers over-long tokens before decoding them', async () => {
    const small = await startExpressFixture({ auth: { maxTokenLength: 1024 } });
    try {
      const res = await call(small, `${'a'.repeat(2000)}.b.c`);
      expectChallenge(res, { status: 401, error: 'invalid_token', code: 'token_too_large' });
      assert.equal(small.issuer.hits.jwks, 0);
    } finally {
      await small.close();
    }
  });

  it('never uses a key embedded in the token or fetched from jku', async () => {
    const attacker = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(attacker.publicKey);
    const before = f.issuer.hits.jwks;
    const token = await new SignJWT({ iss: f.issuer.issuer, aud: f.issuer.audience, sub: 'x' })
      .setProtectedHeader({ alg: 'RS256', kid: 'attacker', jwk, jku: `${f.issuer.origin}/evil-jwks` })
      .setIssuedAt(Math.floor(f.clock.now() / 1000))
      .setExpirationTime(Math.floor(f.clock.now() / 1000) + 300)
      .sign(attacker.privateKey);
    await expectInvalid(f, token, 'kid_unknown');
    assert.ok(f.issuer.hits.jwks - before <= 1, 'only the configured JWKS may be fetched');
  });

  it('sanitizes untrusted values in error_description', async () => {
    const token = await f.issuer.token({ audience: 'evil" realm="x\\é' });
    const res = await expectInvalid(f, token, 'audience_mismatch');
    const header = String(res.headers['www-authenticate']);
    const [challenge] = parseWwwAuthenticate(header);
    assert.equal(challenge?.params.realm, 'api');
    assert.ok(!/[\\é"]/.test(challenge?.params.error_description ?? '\\'));
  });
});

describe('Express: strict RFC 9068 mode', () => {
  let f: ExpressFixture;
  before(async () => {
    f = await startExpressFixture({ auth: { strict: true } });
  });
  after(() => f.close());

  it('requires typ at+jwt (case-insensitive, application/ optional)', async () => {
    await expectInvalid(f, await f.issuer.token({ header: { typ: 'JWT' } }), 'typ_mismatch');
    for (const typ of ['at+jwt', 'application/at+jwt', 'application/AT+JWT']) {
      assert.equal((await call(f, await f.issuer.token({ header: { typ } }))).status, 200, typ);
    }
  });
});
