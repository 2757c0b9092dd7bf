import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createProofChecker, type ProofPolicy } from '../../src/core/dpop/check-proof.js';
import { createServerNonces } from '../../src/core/dpop/server-nonces.js';
import { normalizeTargetUri } from '../../src/core/dpop/target-uri.js';
import { createDpopKey, type TestDpopKey } from '../../src/testing/index.js';

const nowSec = 1_767_225_600;
const url = 'https://api.example.test/orders/7';
const accessToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln';
const target = { method: 'GET', uri: normalizeTargetUri(url)!, accessToken };
const policy: ProofPolicy = {
  algorithms: new Set(['ES256', 'RS256', 'PS256', 'EdDSA']),
  iatWindowSec: 60,
  nonces: null,
  maxProofLength: 8192,
};

describe('DPoP proof checks (RFC 9449 §4.3)', () => {
  let key: TestDpopKey;
  const clock = { now: () => nowSec * 1000 };
  before(async () => {
    key = await createDpopKey({ clock });
  });
  const codeOf = (proof: string, overrides: Partial<typeof target> = {}, checkPolicy = policy, at = nowSec) => {
    const checked = createProofChecker(checkPolicy)(proof, { ...target, ...overrides }, at);
    return 'code' in checked ? checked.code : 'accepted';
  };

  it('accepts a fresh proof for this method, URL and token, with the key thumbprint', async () => {
    const checked = createProofChecker(policy)(key.proof({ url, accessToken }), target, nowSec);
    assert.ok(!('code' in checked));
    assert.equal(checked.jkt, key.jkt);
    assert.equal(checked.iat, nowSec);
  });

  it('accepts proofs signed with RS256, PS256 and EdDSA keys', async () => {
    for (const alg of ['RS256', 'PS256', 'EdDSA'] as const) {
      const other = await createDpopKey({ alg, clock });
      assert.equal(codeOf(other.proof({ url, accessToken })), 'accepted', alg);
    }
  });

  it('refuses a proof for another method', () => {
    assert.equal(codeOf(key.proof({ method: 'POST', url, accessToken })), 'dpop_htm_mismatch');
  });

  it('refuses a proof for another URL, and ignores the query of both', () => {
    assert.equal(codeOf(key.proof({ url: 'https://api.example.test/orders/8', accessToken })), 'dpop_htu_mismatch');
    assert.equal(codeOf(key.proof({ url: 'https://other.example.test/orders/7', accessToken })), 'dpop_htu_mismatch');
    assert.equal(codeOf(key.proof({ url: 'http://api.example.test/orders/7', accessToken })), 'dpop_htu_mismatch');
    assert.equal(codeOf(key.proof({ url: `${url}?page=2`, accessToken })), 'accepted');
    assert.equal(codeOf(key.proof({ url, accessToken, claims: { htu: 'https://API.example.test:443/orders/%37' } })), 'accepted');
  });

  it('refuses a proof older or newer than the window, and accepts one at its edge', () => {
    assert.equal(codeOf(key.proof({ url, accessToken, iat: nowSec - 61 })), 'dpop_iat_outside_window');
    assert.equal(codeOf(key.proof({ url, accessToken, iat: nowSec + 61 })), 'dpop_iat_outside_window');
    assert.equal(codeOf(key.proof({ url, accessToken, iat: nowSec - 60 })), 'accepted');
    assert.equal(codeOf(key.proof({ url, accessToken, iat: nowSec + 60 })), 'accepted');
  });

  it('refuses a proof whose ath is missing or is the hash of another token', () => {
    assert.equal(codeOf(key.proof({ url })), 'dpop_ath_mismatch');
    assert.equal(codeOf(key.proof({ url, accessToken: `${accessToken}x` })), 'dpop_ath_mismatch');
  });

  it('refuses a proof signed with HS256, with none, or with an algorithm outside the allowlist', () => {
    assert.equal(codeOf(key.proof({ url, accessToken, hmacSecret: 'a shared secret of thirty-two bytes!' })), 'dpop_algorithm_not_allowed');
    assert.equal(codeOf(key.proof({ url, accessToken, header: { alg: 'none' } })), 'dpop_algorithm_not_allowed');
    assert.equal(codeOf(key.proof({ url, accessToken }), {}, { ...policy, algorithms: new Set(['EdDSA']) }), 'dpop_algorithm_not_allowed');
  });

  it('refuses a proof that carries the private key in jwk', () => {
    assert.equal(codeOf(key.proof({ url, accessToken, header: { jwk: key.privateJwk } })), 'dpop_jwk_private');
    assert.equal(codeOf(key.proof({ url, accessToken, header: { jwk: { kty: 'oct', k: 'c2VjcmV0' } } })), 'dpop_jwk_private');
  });

  it('refuses a proof without a jwk, with a key that does not fit alg, or signed by another key', async () => {
    const other = await createDpopKey({ clock });
    const rsa = await createDpopKey({ alg: 'RS256', clock });
    assert.equal(codeOf(key.proof({ url, accessToken, header: { jwk: undefined } })), 'dpop_jwk_invalid');
    assert.equal(codeOf(key.proof({ url, accessToken, header: { jwk: rsa.publicJwk } })), 'dpop_jwk_invalid');
    assert.equal(codeOf(key.proof({ url, accessToken, header: { jwk: { ...key.publicJwk, x: 'AAAA' } } })), 'dpop_jwk_invalid');
    assert.equal(codeOf(key.proof({ url, accessToken, header: { jwk: other.publicJwk } })), 'dpop_signature_invalid');
  });

  it('refuses a proof whose typ is not dpop+jwt', () => {
    assert.equal(codeOf(key.proof({ url, accessToken, header: { typ: 'JWT' } })), 'dpop_typ_mismatch');
    assert.equal(codeOf(key.proof({ url, accessToken, header: { typ: undefined } })), 'dpop_typ_mismatch');
  });

  it('refuses a proof that is not a JWT, is too long, or lacks a required claim', () => {
    assert.equal(codeOf('not-a-jwt'), 'dpop_proof_malformed');
    assert.equal(codeOf(key.proof({ url, accessToken, claims: { pad: 'x'.repeat(9000) } })), 'dpop_proof_malformed');
    for (const claim of ['jti', 'htm', 'htu', 'iat']) {
      assert.equal(codeOf(key.proof({ url, accessToken, claims: { [claim]: undefined } })), 'dpop_proof_malformed', claim);
    }
    assert.equal(codeOf(key.proof({ url, accessToken, jti: 'j'.repeat(257) })), 'dpop_proof_malformed');
  });

  it('with server nonces: refuses a proof without one or with a foreign one, accepts the current and the previous', () => {
    const nonces = createServerNonces(300_000);
    const withNonces = { ...policy, nonces };
    const current = nonces.current(nowSec * 1000);
    assert.equal(codeOf(key.proof({ url, accessToken }), {}, withNonces), 'dpop_nonce_required');
    assert.equal(codeOf(key.proof({ url, accessToken, nonce: createServerNonces(300_000).current(nowSec * 1000) }), {}, withNonces), 'dpop_nonce_required');
    const fresh = createProofChecker(withNonces)(key.proof({ url, accessToken, nonce: current }), target, nowSec);
    assert.equal('staleNonce' in fresh && fresh.staleNonce, false);
    const later = nowSec + 300;
    const previous = createProofChecker(withNonces)(key.proof({ url, accessToken, nonce: current, iat: later }), target, later);
    assert.equal('staleNonce' in previous && previous.staleNonce, true);
    const tooLate = nowSec + 600;
    assert.equal(codeOf(key.proof({ url, accessToken, nonce: current, iat: tooLate }), {}, withNonces, tooLate), 'dpop_nonce_required');
  });
});
