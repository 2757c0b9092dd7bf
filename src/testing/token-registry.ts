import { randomBytes } from 'node:crypto';
import { decodeJws } from '../core/jws/decode-jws.js';
import { verifySignature } from '../core/jws/verify-signature.js';
import type { KeyRing } from './keys.js';

/** Most opaque tokens one test issuer remembers; the oldest are forgotten first (then unknown: inactive). */
const maxOpaqueTokens = 100_000;

/**
 * What the introspection endpoint knows: the opaque tokens this issuer minted (with their claims),
 * the tokens revoked, and its own JWTs, which it checks with its published keys.
 *
 * @internal
 */
export interface TokenRegistry {
  /** Stores claims under a new random opaque token and returns the token. */
  issueOpaque(claims: Record<string, unknown>): string;
  /** Marks a token (opaque or JWT) revoked. Unknown tokens are ignored, as RFC 7009 §2.2 says. */
  revoke(token: string): void;
  /** The RFC 7662 answer for a token: its members with `active: true`, or `{ active: false }`. */
  introspect(token: string): Promise<Record<string, unknown>>;
}

/** @internal */
export function createTokenRegistry(context: { issuer: string; keys: KeyRing; now: () => number }): TokenRegistry {
  const opaque = new Map<string, Record<string, unknown>>();
  const revoked = new Set<string>();
  const inactive = { active: false };

  /** An opaque token's stored claims, or the claims of a JWT signed by one of this issuer's published keys. */
  function claimsOf(token: string): Record<string, unknown> | undefined {
    const stored = opaque.get(token);
    if (stored) return stored;
    const decoded = decodeJws(token);
    if ('code' in decoded || typeof decoded.header.kid !== 'string') return undefined;
    const key = context.keys.find(decoded.header.kid);
    if (!key || decoded.header.alg !== key.alg || !verifySignature(key.alg, key.publicKey, decoded.signingInput, decoded.signature)) return undefined;
    return decoded.payload.iss === context.issuer ? decoded.payload : undefined;
  }

  return {
    issueOpaque(claims) {
      const token = randomBytes(32).toString('base64url');
      opaque.set(token, claims);
      if (opaque.size > maxOpaqueTokens) opaque.delete(opaque.keys().next().value!);
      return token;
    },
    revoke(token) {
      revoked.add(token);
    },
    async introspect(token) {
      if (revoked.has(token)) return inactive;
      const claims = claimsOf(token);
      if (!claims) return inactive;
      const nowSeconds = context.now() / 1000;
      if (typeof claims.exp === 'number' && claims.exp <= nowSeconds) return inactive;
      if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds) return inactive;
      return { active: true, token_type: 'Bearer', ...claims };
    },
  };
}
