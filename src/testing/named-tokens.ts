import { randomBytes } from 'node:crypto';
import type { ServerProfile } from './shapes.js';
import type { TokenOptions } from './tokens.js';

/** Mints one kind of token; the options are the same as `issuer.token()`'s. */
export type TokenFactory = (options?: TokenOptions) => Promise<string>;

/**
 * Ready-made good and bad tokens, so a test says what it means:
 * `await issuer.tokens.expired()` rather than a hand-built `exp`.
 *
 * Each one applies `options` first and its own defining setting on top;
 * `options.claims` still win over the defining claims.
 */
export interface NamedTokens {
  /** A valid token (same as `issuer.token()`). */
  valid: TokenFactory;
  /** `exp` one hour ago (`iat` two hours ago). */
  expired: TokenFactory;
  /** `nbf` one hour ahead. */
  notYetValid: TokenFactory;
  /** `iat` one hour ahead (`exp` two hours ahead, so only `iat` is wrong). */
  issuedInFuture: TokenFactory;
  /** `aud` is `https://wrong-audience.example.test`. */
  wrongAudience: TokenFactory;
  /** `iss` is `https://other-issuer.example.test`, signed with this issuer's keys. */
  otherIssuer: TokenFactory;
  /** A random `kid` that is not in the JWKS. */
  unknownKey: TokenFactory;
  /** The right `kid`, signed by a key that is not in the JWKS. */
  wrongKey: TokenFactory;
  /** `{"alg":"none"}` and an empty signature. */
  algNone: TokenFactory;
  /** No `scope` or `scp` claim at all, whatever `scopes` says. */
  missingScope: TokenFactory;
  /** No `exp` claim. */
  noExpiry: TokenFactory;
  /**
   * An OpenID Connect ID token of the shape, sent where an access token belongs: `aud` is the client
   * id and it carries a `nonce` and no scopes (Cognito's: `token_use: id` instead of a nonce).
   */
  idToken: TokenFactory;
}

/** @internal */
export const WRONG_AUDIENCE = 'https://wrong-audience.example.test';
/** @internal */
export const OTHER_ISSUER = 'https://other-issuer.example.test';

/**
 * Builds the {@link NamedTokens} of one authorization server.
 *
 * @internal
 */
export function createNamedTokens(mint: TokenFactory, now: () => number, profile: Pick<ServerProfile, 'idTokenClaims'>): NamedTokens {
  const variant =
    (defining: TokenOptions | (() => TokenOptions)): TokenFactory =>
    (options = {}) => {
      const own = typeof defining === 'function' ? defining() : defining;
      return mint({ ...options, ...own, claims: { ...own.claims, ...options.claims } });
    };
  const nowSeconds = (): number => Math.floor(now() / 1000);

  return {
    valid: variant({}),
    expired: variant(() => ({ claims: { iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 } })),
    notYetValid: variant({ notBefore: 3600 }),
    issuedInFuture: variant(() => ({ claims: { iat: nowSeconds() + 3600, exp: nowSeconds() + 7200 } })),
    wrongAudience: variant({ audience: WRONG_AUDIENCE }),
    otherIssuer: variant({ issuer: OTHER_ISSUER }),
    unknownKey: variant(() => ({ kid: `unknown-${randomBytes(8).toString('hex')}` })),
    wrongKey: variant({ signingKey: 'foreign' }),
    algNone: variant({ alg: 'none' }),
    missingScope: variant({ claims: { scope: undefined, scp: undefined } }),
    noExpiry: variant({ claims: { exp: undefined } }),
    idToken: (options = {}) => {
      const clientId = options.clientId ?? 'client-abc';
      const claims = { scope: undefined, scp: undefined, ...profile.idTokenClaims(clientId), ...options.claims };
      return mint({ ...options, audience: clientId, claims });
    },
  };
}
