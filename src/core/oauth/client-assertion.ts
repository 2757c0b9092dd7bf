import { randomUUID } from 'node:crypto';
import { signJws } from '../jws/sign-jws.js';
import type { SigningKey } from './client-key.js';

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const jwtBearerAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Signs a `private_key_jwt` client assertion (RFC 7523 §3, OIDC Core §9): `iss` and `sub` are the
 * client id, `aud` the authorization server's expected audience, a fresh `jti` so it cannot be
 * replayed, and a short `exp`.
 */
export function signClientAssertion(
  signing: SigningKey,
  claims: { clientId: string; audience: string; nowMs: number; lifetimeSeconds: number },
): string {
  const now = Math.floor(claims.nowMs / 1000);
  const header = { typ: 'JWT', ...(signing.kid !== undefined ? { kid: signing.kid } : {}) };
  const payload = {
    iss: claims.clientId,
    sub: claims.clientId,
    aud: claims.audience,
    jti: randomUUID(),
    iat: now,
    nbf: now,
    exp: now + claims.lifetimeSeconds,
  };
  return signJws(header, payload, signing.alg, signing.key);
}
