import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
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

  async function claimsOf(token: string): Promise<Record<string, unknown> | undefined> {
    const stored = opaque.get(token);
    if (stored) return stored;
    if (token.split('.').length !== 3) return undefined;
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet(context.keys.publicJwks()), {
        issuer: context.issuer,
        currentDate: new Date(context.now()),
        clockTolerance: 0,
      });
      return payload as Record<string, unknown>;
    } catch {
      return undefined;
    }
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
      const claims = await claimsOf(token);
      if (!claims) return inactive;
      const nowSeconds = context.now() / 1000;
      if (typeof claims.exp === 'number' && claims.exp <= nowSeconds) return inactive;
      if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds) return inactive;
      return { active: true, token_type: 'Bearer', ...claims };
    },
  };
}
