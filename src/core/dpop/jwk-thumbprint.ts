import { createHash } from 'node:crypto';

/** The members RFC 7638 §3.2 hashes, by key type, in the lexicographic order the hash input needs. */
const requiredMembers: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  RSA: ['e', 'kty', 'n'],
};

/**
 * The RFC 7638 SHA-256 thumbprint of a public JWK, base64url-encoded: what a DPoP-bound token's
 * `cnf.jkt` holds (RFC 9449 §6.1). Returns undefined for a key type without a defined member set
 * or a required member that is not a string.
 */
export function jwkThumbprint(jwk: Readonly<Record<string, unknown>>): string | undefined {
  const members = typeof jwk.kty === 'string' ? requiredMembers[jwk.kty] : undefined;
  if (!members) return undefined;
  const canonical: Record<string, string> = {};
  for (const name of members) {
    const value = jwk[name];
    if (typeof value !== 'string') return undefined;
    canonical[name] = value;
  }
  // JSON.stringify keeps insertion order and emits no white space: exactly RFC 7638's input.
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}
