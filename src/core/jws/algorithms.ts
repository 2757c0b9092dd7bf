/** JWS algorithms bearer-guard verifies. */
export const asymmetricAlgorithms = [
  'RS256', 'RS384', 'RS512',
  'PS256', 'PS384', 'PS512',
  'ES256', 'ES384', 'ES512',
  'EdDSA', 'Ed25519',
] as const;

export const symmetricAlgorithms = ['HS256', 'HS384', 'HS512'] as const;

export type AsymmetricAlgorithm = (typeof asymmetricAlgorithms)[number];
export type SymmetricAlgorithm = (typeof symmetricAlgorithms)[number];
/** An algorithm name accepted in the `algorithms` allowlist. */
export type Algorithm = AsymmetricAlgorithm | SymmetricAlgorithm;

/**
 * Without an `algorithms` option, every asymmetric algorithm passes the allowlist and the key
 * decides: a token is verified only with a published key that fits its `alg` (see `key-fit.ts`).
 */
export const keyDecidedAlgorithms: ReadonlySet<string> = new Set(asymmetricAlgorithms);

export function isAsymmetricAlgorithm(alg: string): alg is AsymmetricAlgorithm {
  return (asymmetricAlgorithms as readonly string[]).includes(alg);
}

export function isSymmetricAlgorithm(alg: string): alg is SymmetricAlgorithm {
  return (symmetricAlgorithms as readonly string[]).includes(alg);
}
