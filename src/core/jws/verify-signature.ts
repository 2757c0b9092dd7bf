import { constants, createHmac, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/** How node:crypto computes one JWS algorithm; shared by verification and client-assertion signing. */
export interface SignatureScheme {
  hash: string | null;
  padding?: number;
  saltLength?: number;
  /** Exact signature length for ECDSA in IEEE P1363 form (r || s). */
  ecdsaLength?: number;
  hmac?: boolean;
}

const pss = constants.RSA_PKCS1_PSS_PADDING;

export const signatureSchemes: Readonly<Record<string, SignatureScheme>> = {
  RS256: { hash: 'sha256' },
  RS384: { hash: 'sha384' },
  RS512: { hash: 'sha512' },
  PS256: { hash: 'sha256', padding: pss, saltLength: 32 },
  PS384: { hash: 'sha384', padding: pss, saltLength: 48 },
  PS512: { hash: 'sha512', padding: pss, saltLength: 64 },
  ES256: { hash: 'sha256', ecdsaLength: 64 },
  ES384: { hash: 'sha384', ecdsaLength: 96 },
  ES512: { hash: 'sha512', ecdsaLength: 132 },
  EdDSA: { hash: null },
  Ed25519: { hash: null },
  HS256: { hash: 'sha256', hmac: true },
  HS384: { hash: 'sha384', hmac: true },
  HS512: { hash: 'sha512', hmac: true },
};

/**
 * Checks a JWS signature with node:crypto directly. Keys were imported when the key set was loaded
 * (importPublicKey) and their fit to `alg` checked; this is only the signature check, which is
 * where the per-request time goes, and WebCrypto's extra layers cost about twice the work.
 * Any malformed input yields false, never an exception.
 */
export function verifySignature(alg: string, key: KeyObject, signingInput: string, signature: Buffer): boolean {
  const scheme = signatureSchemes[alg];
  if (!scheme) return false;
  try {
    const data = Buffer.from(signingInput, 'latin1');
    if (scheme.hmac) {
      const expected = createHmac(scheme.hash!, key).update(data).digest();
      return expected.length === signature.length && timingSafeEqual(expected, signature);
    }
    if (scheme.ecdsaLength !== undefined) {
      if (signature.length !== scheme.ecdsaLength) return false;
      return verify(scheme.hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    }
    if (scheme.padding !== undefined) {
      return verify(scheme.hash, data, { key, padding: scheme.padding, saltLength: scheme.saltLength! }, signature);
    }
    return verify(scheme.hash, data, key, signature);
  } catch {
    return false;
  }
}
