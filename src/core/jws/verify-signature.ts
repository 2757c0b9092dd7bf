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

type VerifyKey = KeyObject | { key: KeyObject; dsaEncoding: 'ieee-p1363' } | { key: KeyObject; padding: number; saltLength: number };

/** The key as `crypto.verify` takes it for an asymmetric scheme. */
function verifyKeyFor(scheme: SignatureScheme, key: KeyObject): VerifyKey {
  if (scheme.ecdsaLength !== undefined) return { key, dsaEncoding: 'ieee-p1363' };
  if (scheme.padding !== undefined) return { key, padding: scheme.padding, saltLength: scheme.saltLength! };
  return key;
}

/** What `crypto.verify` needs for an asymmetric check, or the answer when none is needed. */
type Prepared = { hash: string | null; data: Buffer; key: VerifyKey } | boolean;

/** HMAC and malformed input are answered here; an asymmetric check is prepared for `crypto.verify`. */
function prepare(alg: string, key: KeyObject, signingInput: string, signature: Buffer): Prepared {
  const scheme = signatureSchemes[alg];
  if (!scheme) return false;
  const data = Buffer.from(signingInput, 'latin1');
  if (scheme.hmac) {
    const expected = createHmac(scheme.hash!, key).update(data).digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  }
  if (scheme.ecdsaLength !== undefined && signature.length !== scheme.ecdsaLength) return false;
  return { hash: scheme.hash, data, key: verifyKeyFor(scheme, key) };
}

/**
 * Checks a JWS signature with node:crypto directly. Keys were imported when the key set was loaded
 * (importPublicKey) and their fit to `alg` checked; this is only the signature check, which is
 * where the per-request time goes, and WebCrypto's extra layers cost about twice the work.
 * Any malformed input yields false, never an exception.
 */
export function verifySignature(alg: string, key: KeyObject, signingInput: string, signature: Buffer): boolean {
  try {
    const check = prepare(alg, key, signingInput, signature);
    return typeof check === 'boolean' ? check : verify(check.hash, check.data, check.key, signature);
  } catch {
    return false;
  }
}

/**
 * {@link verifySignature} on libuv's thread pool (the callback form of `crypto.verify`), so the
 * main thread serves other requests meanwhile and a process on several CPUs checks signatures on
 * all of them. Same answers; HMAC, cheaper than the hand-over, stays on the calling thread.
 */
export function verifySignatureOnThreadPool(alg: string, key: KeyObject, signingInput: string, signature: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const check = prepare(alg, key, signingInput, signature);
      if (typeof check === 'boolean') resolve(check);
      else verify(check.hash, check.data, check.key, signature, (error, verified) => resolve(!error && verified));
    } catch {
      resolve(false);
    }
  });
}
