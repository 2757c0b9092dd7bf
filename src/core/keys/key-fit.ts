/** The parts of a JWK that decide which algorithm it may verify. */
export interface JwkShape {
  kty?: unknown;
  crv?: unknown;
  alg?: unknown;
  use?: unknown;
  key_ops?: unknown;
}

const curveOf: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };
const ecCurves = new Set(Object.values(curveOf));

/**
 * Says why a JWK may not verify a signature made with `alg`, or returns undefined when it fits
 * (RFC 8725 §3.1: a key is used with exactly one algorithm). The key type and curve must match the
 * algorithm family, a JWK `alg` must equal it, `use` must be `sig`, `key_ops` must allow `verify`.
 */
export function keyMismatch(jwk: JwkShape, alg: string): string | undefined {
  const family = alg.slice(0, 2);
  if (family === 'RS' || family === 'PS') {
    if (jwk.kty !== 'RSA') return `key type ${String(jwk.kty)} cannot verify ${alg}`;
  } else if (family === 'ES') {
    if (jwk.kty !== 'EC' || jwk.crv !== curveOf[alg]) return `${describeKey(jwk)} cannot verify ${alg}`;
  } else if (alg === 'EdDSA' || alg === 'Ed25519') {
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') return `${describeKey(jwk)} cannot verify ${alg}`;
  } else {
    return `${alg} is not verified with published keys`;
  }
  if (jwk.alg !== undefined && jwk.alg !== alg && !(isEdDsa(jwk.alg) && isEdDsa(alg))) {
    return `the key is for ${String(jwk.alg)}, the token says ${alg}`;
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') return `the key's use is ${String(jwk.use)}, not sig`;
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) {
    return "the key's key_ops do not include verify";
  }
  return undefined;
}

function describeKey(jwk: JwkShape): string {
  return jwk.crv === undefined ? `key type ${String(jwk.kty)}` : `key ${String(jwk.kty)}/${String(jwk.crv)}`;
}

function isEdDsa(alg: unknown): boolean {
  return alg === 'EdDSA' || alg === 'Ed25519';
}

/** True for key types and curves bearer-guard verifies with: RSA, EC P-256/384/521, OKP Ed25519. */
export function isSupportedKeyType(jwk: JwkShape): boolean {
  if (jwk.kty === 'EC') return typeof jwk.crv === 'string' && ecCurves.has(jwk.crv);
  return jwk.kty === 'RSA' || (jwk.kty === 'OKP' && jwk.crv === 'Ed25519');
}
