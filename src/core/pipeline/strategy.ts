import type { AcceptedToken } from '../claims/accept-claims.js';
import type { Failure } from '../errors/failure.js';

/** A value, or a promise of it when a stage had to wait (keys to fetch, an endpoint to ask). */
export type MaybePromise<T> = T | Promise<T>;

/** A token a strategy vouches for, and how long the pipeline may reuse that answer. */
export interface VerifiedToken {
  readonly accepted: AcceptedToken;
  /**
   * Epoch ms until which the verified-token cache may answer for this token without asking the
   * strategy again (the pipeline bounds it further by `tokenCache.maxAge`); 0 to never cache.
   */
  readonly cacheUntil: number;
  /**
   * Asked on every cache hit: false once what vouched for the token has changed (for JWTs, another
   * key set was adopted), so that the token is verified afresh.
   */
  readonly stillCurrent?: () => boolean;
}

/**
 * One way of verifying access tokens: JWTs with the issuer's published keys
 * (`jwt/jwt-jwks-strategy.ts`) is one; token introspection (RFC 7662) is another. The pipeline
 * picks the first strategy that `recognizes` a token (the first strategy when none does, so that
 * it explains why it cannot read the token), and does everything around it: size limit, cache,
 * per-request checks, the answer and the hooks.
 *
 * A strategy never throws or rejects for a bad token: it returns a {@link Failure}. It answers
 * synchronously when it can (keys at hand) and with a promise when it must wait.
 */
export interface TokenVerificationStrategy {
  /** For logs and errors, e.g. `'jwt'` or `'introspection'`. */
  readonly name: string;
  /** Whether this strategy reads tokens shaped like this one (e.g. compact JWS). Cheap: called per request. */
  recognizes(token: string): boolean;
  /** Verifies the token at `now` (epoch ms). */
  verify(token: string, now: number): MaybePromise<VerifiedToken | Failure>;
}
