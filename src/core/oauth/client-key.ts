import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { isAsymmetricAlgorithm, type AsymmetricAlgorithm } from '../jws/algorithms.js';
import { keyMismatch, type JwkShape } from '../keys/key-fit.js';

/** A private key as configuration gives it: a `KeyObject`, a private JWK, or a PKCS#8 / PKCS#1 / SEC1 PEM string. */
export type PrivateKeyInput = KeyObject | JsonWebKey | string;

/** A private signing key checked once, with the algorithm it signs with and its `kid`. */
export interface SigningKey {
  readonly key: KeyObject;
  readonly alg: AsymmetricAlgorithm;
  readonly kid: string | undefined;
}

const curves: Record<string, { crv: string; alg: AsymmetricAlgorithm }> = {
  prime256v1: { crv: 'P-256', alg: 'ES256' },
  secp384r1: { crv: 'P-384', alg: 'ES384' },
  secp521r1: { crv: 'P-521', alg: 'ES512' },
};

/**
 * Imports and checks a client's private key at construction: it must be a private asymmetric key of a
 * type bearer-guard signs with (RSA ≥ 2048 bits, EC P-256/384/521, Ed25519), and the algorithm —
 * given, taken from the JWK's `alg`, or inferred from the key — must fit it. Throws a `TypeError`
 * naming `what`; the key material never appears in a message.
 */
export function importSigningKey(
  input: PrivateKeyInput,
  options: { alg?: string; kid?: string },
  what: string,
): SigningKey {
  const key = toKeyObject(input, what);
  if (key.type !== 'private') {
    throw new TypeError(`bearer-guard: ${what} must be a private key (got a ${key.type} key); the authorization server holds the public half`);
  }
  const details = key.asymmetricKeyDetails ?? {};
  if ((key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') && (details.modulusLength ?? 0) < 2048) {
    throw new TypeError(`bearer-guard: ${what} is a ${details.modulusLength ?? '?'}-bit RSA key; RFC 7518 requires at least 2048 bits`);
  }
  const jwk = isJwk(input) ? input : undefined;
  const alg = options.alg ?? (typeof jwk?.alg === 'string' ? jwk.alg : inferAlgorithm(key, what));
  if (!isAsymmetricAlgorithm(alg)) {
    throw new TypeError(`bearer-guard: ${what}: signing algorithm ${JSON.stringify(alg)} is not one of RS256…RS512, PS256…PS512, ES256…ES512, EdDSA`);
  }
  if (jwk?.alg !== undefined && jwk.alg !== alg) {
    throw new TypeError(`bearer-guard: ${what} is a JWK for ${String(jwk.alg)}; it cannot sign ${alg}`);
  }
  const mismatch = keyMismatch(shapeOf(key), alg);
  if (mismatch !== undefined) throw new TypeError(`bearer-guard: ${what} cannot sign ${alg}: ${mismatch}`);
  const kid = options.kid ?? (typeof jwk?.kid === 'string' ? jwk.kid : undefined);
  return { key, alg, kid };
}

function toKeyObject(input: PrivateKeyInput, what: string): KeyObject {
  if (isKeyObject(input)) return input;
  try {
    if (typeof input === 'string') return createPrivateKey(input);
    if (isJwk(input)) return createPrivateKey({ key: input, format: 'jwk' });
  } catch {
    // node's message can quote key material; ours does not.
    throw new TypeError(
      `bearer-guard: ${what} could not be read as a private key: give a KeyObject, a private JWK (with "d") or a PEM string ("-----BEGIN PRIVATE KEY-----")`,
    );
  }
  throw new TypeError(`bearer-guard: ${what} must be a KeyObject, a private JWK or a PEM string`);
}

function inferAlgorithm(key: KeyObject, what: string): string {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'RS256';
    case 'rsa-pss':
      return 'PS256';
    case 'ed25519':
      return 'EdDSA';
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
      const alg = curves[curve]?.alg;
      if (alg !== undefined) return alg;
      throw new TypeError(`bearer-guard: ${what} is an EC key on curve ${curve}; use P-256, P-384 or P-521`);
    }
    default:
      throw new TypeError(`bearer-guard: ${what} is a ${String(key.asymmetricKeyType)} key; use RSA, EC P-256/384/521 or Ed25519`);
  }
}

// Read from the KeyObject rather than exported: node cannot export RSA-PSS keys as JWK.
function shapeOf(key: KeyObject): JwkShape {
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return { kty: 'RSA' };
    case 'ec':
      return { kty: 'EC', crv: curves[key.asymmetricKeyDetails?.namedCurve ?? '']?.crv };
    case 'ed25519':
      return { kty: 'OKP', crv: 'Ed25519' };
    default:
      return { kty: key.asymmetricKeyType };
  }
}

function isKeyObject(value: unknown): value is KeyObject {
  return typeof value === 'object' && value !== null && typeof (value as KeyObject).export === 'function' && 'type' in value;
}

function isJwk(value: unknown): value is JsonWebKey {
  return typeof value === 'object' && value !== null && !isKeyObject(value) && typeof (value as JsonWebKey).kty === 'string';
}
