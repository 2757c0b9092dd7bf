import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { accessTokenHash } from '../../src/core/dpop/access-token-hash.js';
import { createProofChecker, type ProofPolicy } from '../../src/core/dpop/check-proof.js';
import { jwkThumbprint } from '../../src/core/dpop/jwk-thumbprint.js';
import { normalizeTargetUri } from '../../src/core/dpop/target-uri.js';

/*
 * The examples of RFC 9449 itself: the proof of Figure 3 (§4.2, token request), the proof of
 * Figure 13 (§7.1, protected resource request with ath), the access token of §7.1 and the
 * cnf.jkt of §6.1, which is the thumbprint of the key both proofs carry.
 */
const rfcKey = { kty: 'EC', x: 'l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs', y: '9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA', crv: 'P-256' };
const rfcJkt = '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I';
const rfcHeader =
  'eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19';
const tokenRequestProof = `${rfcHeader}.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg`;
const resourceProof = `${rfcHeader}.eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIjoiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0ZWRyZXNvdXJjZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNFc05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFFbyJ9.2oW9RP35yRqzhrtNP86L-Ey71EOptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA`;
const rfcAccessToken = 'Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU';
const rfcAth = 'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo';

const policy: ProofPolicy = { algorithms: new Set(['ES256']), iatWindowSec: 60, nonces: null, maxProofLength: 8192 };
const resourceTarget = { method: 'GET', uri: 'https://resource.example.org/protectedresource', accessToken: rfcAccessToken };

describe('RFC 9449 examples', () => {
  it('the thumbprint of the example key is the cnf.jkt of §6.1', () => {
    assert.equal(jwkThumbprint(rfcKey), rfcJkt);
  });

  it('the ath of the §7.1 access token is the one in the Figure 13 proof', () => {
    assert.equal(accessTokenHash(rfcAccessToken), rfcAth);
  });

  it('accepts the Figure 13 proof for its request at its time', () => {
    const checked = createProofChecker(policy)(resourceProof, resourceTarget, 1562262618);
    assert.deepEqual(checked, { jkt: rfcJkt, jti: 'e1j3V_bKic8-LAEB', iat: 1562262618, staleNonce: false });
  });

  it('accepts the Figure 13 proof for an equivalent spelling of its URI', () => {
    const uri = normalizeTargetUri('HTTPS://Resource.Example.ORG:443/protectedresource?x=1#y')!;
    const checked = createProofChecker(policy)(resourceProof, { ...resourceTarget, uri }, 1562262618);
    assert.equal('jkt' in checked && checked.jkt, rfcJkt);
  });

  it('refuses the Figure 13 proof a minute and a second later', () => {
    const checked = createProofChecker(policy)(resourceProof, resourceTarget, 1562262618 + 61);
    assert.equal('code' in checked && checked.code, 'dpop_iat_outside_window');
  });

  it('refuses the Figure 13 proof with another access token', () => {
    const checked = createProofChecker(policy)(resourceProof, { ...resourceTarget, accessToken: `${rfcAccessToken}x` }, 1562262618);
    assert.equal('code' in checked && checked.code, 'dpop_ath_mismatch');
  });

  it('refuses the Figure 3 proof (token endpoint, POST, no ath) at the resource', () => {
    const check = createProofChecker(policy);
    const asIs = check(tokenRequestProof, resourceTarget, 1562262616);
    assert.equal('code' in asIs && asIs.code, 'dpop_htm_mismatch');
    const post = check(tokenRequestProof, { ...resourceTarget, method: 'POST' }, 1562262616);
    assert.equal('code' in post && post.code, 'dpop_htu_mismatch');
    const atItsUri = check(tokenRequestProof, { method: 'POST', uri: 'https://server.example.com/token', accessToken: rfcAccessToken }, 1562262616);
    assert.equal('code' in atItsUri && atItsUri.code, 'dpop_ath_mismatch');
  });

  it('refuses the Figure 13 proof with one signature byte changed', () => {
    const signature = Buffer.from(resourceProof.split('.')[2]!, 'base64url');
    signature[10]! ^= 1;
    const tampered = `${resourceProof.split('.').slice(0, 2).join('.')}.${signature.toString('base64url')}`;
    const checked = createProofChecker(policy)(tampered, resourceTarget, 1562262618);
    assert.equal('code' in checked && checked.code, 'dpop_signature_invalid');
  });

  it('computes the same thumbprint as jose for RSA, EC and OKP keys', async () => {
    for (const alg of ['RS256', 'ES384', 'EdDSA'] as const) {
      const { publicKey } = await generateKeyPair(alg, { extractable: true });
      const jwk = await exportJWK(publicKey);
      assert.equal(jwkThumbprint({ ...jwk, alg, use: 'sig' }), await calculateJwkThumbprint(jwk), alg);
    }
  });

  it('has no thumbprint for a key type without RFC 7638 members or with a member of the wrong type', () => {
    assert.equal(jwkThumbprint({ kty: 'oct', k: 'abc' }), undefined);
    assert.equal(jwkThumbprint({ ...rfcKey, x: 5 }), undefined);
  });
});
