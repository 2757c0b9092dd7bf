import { constants, createHmac, sign, type KeyObject } from 'node:crypto';
import type { AsymmetricAlgorithm } from './keys.js';

/** What signs the JWS: an asymmetric private key, an HMAC secret, or nothing (`alg: none`). */
export type JwsSigner =
  | { alg: AsymmetricAlgorithm; key: KeyObject }
  | { alg: 'HS256'; secret: Uint8Array }
  | { alg: 'none' };

/**
 * Builds a compact JWS by hand.
 *
 * jose's signers validate headers (`crit`, `b64`, the algorithm against the
 * key), which is right for production and wrong for a kit whose job is to
 * produce exactly the hostile tokens a verifier must refuse. So the header is
 * serialized as given, and the `alg` inside it is not checked against the
 * signer.
 *
 * @internal
 */
export function signJws(header: Record<string, unknown>, payload: Record<string, unknown>, signer: JwsSigner): string {
  const signingInput = `${encodeJson(header)}.${encodeJson(payload)}`;
  return `${signingInput}.${signatureOf(Buffer.from(signingInput, 'ascii'), signer).toString('base64url')}`;
}

function encodeJson(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function signatureOf(input: Buffer, signer: JwsSigner): Buffer {
  switch (signer.alg) {
    case 'none':
      return Buffer.alloc(0);
    case 'HS256':
      return createHmac('sha256', signer.secret).update(input).digest();
    case 'RS256':
      return sign('sha256', input, signer.key);
    case 'PS256':
      // RFC 7518 §3.5: the salt is as long as the hash output.
      return sign('sha256', input, { key: signer.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    case 'ES256':
      // JWS wants the raw r||s form (RFC 7518 §3.4), not Node's default DER.
      return sign('sha256', input, { key: signer.key, dsaEncoding: 'ieee-p1363' });
    case 'EdDSA':
      return sign(null, input, signer.key);
  }
}
