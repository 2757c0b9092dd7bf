import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Jwk } from './jwk.js';

const minimumRsaBits = 2048;

/**
 * Turns a published JWK into a node:crypto public key. Only the members that define the key are
 * handed to OpenSSL (RFC 7638's required members), so nothing else a JWKS carries can change what
 * is imported; OpenSSL refuses malformed numbers and EC points that are not on the curve.
 *
 * This is node:crypto rather than jose's `importJWK` so that the CommonJS build loads no ES module
 * (jose 6 is ESM-only, and Jest's default loader cannot require ESM before Node 24.9); differential
 * tests hold it to jose's answers (test/core/import-public-key.test.ts).
 *
 * @throws when the key material is unusable, with a message fit for a failure description.
 */
export function importPublicKey(jwk: Jwk): KeyObject {
  const key = createPublicKey({ key: definingMembers(jwk), format: 'jwk' });
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits !== undefined && bits < minimumRsaBits) throw new Error(`RSA key of ${bits} bits; at least ${minimumRsaBits} are required`);
  return key;
}

function definingMembers(jwk: Jwk): { kty: string; [member: string]: string } {
  const names = jwk.kty === 'RSA' ? ['e', 'n'] : jwk.kty === 'EC' ? ['crv', 'x', 'y'] : ['crv', 'x'];
  const members: { kty: string; [member: string]: string } = { kty: String(jwk.kty) };
  for (const name of names) {
    const value = jwk[name];
    if (typeof value !== 'string') throw new Error(`the ${String(jwk.kty)} key has no string "${name}"`);
    members[name] = value;
  }
  return members;
}
