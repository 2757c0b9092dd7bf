import type { KeyObject } from 'node:crypto';
import { isAsymmetricAlgorithm } from '../core/jws/algorithms.js';
import { decodeJws } from '../core/jws/decode-jws.js';
import { verifySignature } from '../core/jws/verify-signature.js';
import type { Jwk } from '../core/keys/jwk.js';
import { keyMismatch } from '../core/keys/key-fit.js';

/** What a client assertion must say to the test authorization server. @internal */
export interface AssertionExpectations {
  clientId: string;
  /** The assertion's `aud` must contain one of these (the token endpoint or the issuer). */
  audiences: readonly string[];
  /** Milliseconds since the epoch. */
  now: number;
  /** Oldest acceptable `iat`, in seconds before now. */
  maxAgeSeconds: number;
}

/**
 * Checks a `private_key_jwt` client assertion (RFC 7523 §3) with the registered public key: an
 * asymmetric algorithm that fits the key, the signature, `iss` and `sub` equal to the client id,
 * `aud`, `exp`, `iat` within the maximum age, and a `jti`. Written with the core's node:crypto
 * pieces rather than jose so the testing kit loads under CommonJS (Jest's default configuration).
 *
 * @returns the assertion's `jti` and `exp`, for replay detection.
 * @throws Error saying what is wrong.
 * @internal
 */
export function verifyClientAssertion(assertion: string, key: KeyObject, expected: AssertionExpectations): { jti: string; exp: number } {
  const decoded = decodeJws(assertion);
  if ('code' in decoded) throw new Error(decoded.description);
  const alg = decoded.header.alg;
  if (typeof alg !== 'string' || !isAsymmetricAlgorithm(alg)) throw new Error(`alg ${JSON.stringify(alg)} is not an asymmetric signature algorithm`);
  const mismatch = keyMismatch(key.export({ format: 'jwk' }) as Jwk, alg);
  if (mismatch) throw new Error(mismatch);
  if (!verifySignature(alg, key, decoded.signingInput, decoded.signature)) throw new Error('signature verification failed');

  const { iss, sub, aud, exp, iat, nbf, jti } = decoded.payload;
  const now = expected.now / 1000;
  if (iss !== expected.clientId) throw new Error('iss must be the client id');
  if (sub !== expected.clientId) throw new Error('sub must be the client id');
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.some((value) => typeof value === 'string' && expected.audiences.includes(value))) {
    throw new Error(`aud must name ${expected.audiences.join(' or ')}`);
  }
  if (typeof exp !== 'number') throw new Error('exp is missing');
  if (exp <= now) throw new Error('the assertion has expired');
  if (typeof nbf === 'number' && nbf > now) throw new Error('the assertion is not valid yet (nbf)');
  if (typeof iat !== 'number') throw new Error('iat is missing');
  if (iat > now) throw new Error('iat lies in the future');
  if (now - iat > expected.maxAgeSeconds) throw new Error(`the assertion is older than ${expected.maxAgeSeconds} s (iat)`);
  if (typeof jti !== 'string' || jti === '') throw new Error('jti is missing');
  return { jti, exp };
}
