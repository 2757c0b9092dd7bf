import { createHash } from 'node:crypto';

/** RFC 7638 §3.2: the members that define a key, per key type, in lexicographic order. */
const requiredMembers: Record<string, readonly string[]> = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  oct: ['k', 'kty'],
};

/**
 * The RFC 7638 JWK thumbprint (SHA-256, base64url): a key's stable name, used as `kid` by the
 * testing kit and as `jkt` by DPoP. Written here rather than imported from jose so that the
 * CommonJS build loads no ES module; a differential test compares it with jose's.
 *
 * @example
 * ```ts
 * jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' });
 * // 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k'
 * ```
 */
export function jwkThumbprint(jwk: { kty?: unknown; [member: string]: unknown }): string {
  const kty = typeof jwk.kty === 'string' ? jwk.kty : '';
  const names = requiredMembers[kty];
  if (!names) throw new TypeError(`JWK thumbprint: unsupported key type ${JSON.stringify(jwk.kty)}`);
  const members: Record<string, string> = {};
  for (const name of names) {
    const value = jwk[name];
    if (typeof value !== 'string' || value === '') throw new TypeError(`JWK thumbprint: "${name}" is missing or not a string`);
    members[name] = value;
  }
  // JSON.stringify keeps insertion order (lexicographic here) and adds no whitespace (§3.3).
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}
