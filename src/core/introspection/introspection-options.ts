import type { ClientAuthOptions } from '../oauth/client-auth.js';
import type { Duration } from '../options/options.js';
import type { SharedIntrospectionStore } from './shared-introspection.js';

/**
 * Which tokens of an issuer are introspected (RFC 7662) rather than verified locally.
 * - `'opaque'`: JWTs are verified locally with the issuer's keys; anything else is introspected.
 * - `'all'`: every token of this issuer is introspected, JWTs too (revocation-sensitive APIs).
 */
export type IntrospectedTokens = 'opaque' | 'all';

/** How long introspection results are kept. */
export interface IntrospectionCacheOptions {
  /**
   * Longest an active result is kept (never past the token's `exp` plus the clock tolerance). This
   * is the revocation latency you accept: a token revoked at the IdP is refused at most this long
   * afterwards. Default `'60s'`; `0` asks the IdP on every request.
   */
  maxAge?: Duration;
  /** How long an inactive result is kept, so a flood of bad tokens cannot hammer the IdP. Default `'10s'`. */
  inactiveMaxAge?: Duration;
  /** Most results kept. Default 10 000. */
  maxEntries?: number;
}

/**
 * RFC 7662 token introspection for one issuer: tokens this API cannot verify locally (opaque
 * tokens) or must not trust without asking (revocation) are sent to the issuer's introspection
 * endpoint, authenticated as this API's own client.
 */
export interface IntrospectionOptions {
  /** The introspection endpoint. Default: `introspection_endpoint` from the issuer's discovery document. */
  endpoint?: string;
  /** This API's client at the authorization server, used to authenticate each introspection call. */
  client: ClientAuthOptions;
  /** Which tokens are introspected. Default `'opaque'`. */
  tokens?: IntrospectedTokens;
  /** `token_type_hint` sent with each call. Default `'access_token'`; `false` sends none. */
  tokenTypeHint?: 'access_token' | false;
  /**
   * Ask for the signed JWT response of RFC 9701 (`application/token-introspection+jwt`) and accept
   * only that, verified with the issuer's keys. Default false (a JWT response is still verified when
   * a server sends one unasked).
   */
  jwtResponse?: boolean;
  /** Result cache. `false` asks the endpoint on every request (one call in flight per token still). */
  cache?: IntrospectionCacheOptions | false;
  /** Most introspection calls per second to this issuer; beyond it, unknown tokens get 503. Default 50. */
  maxCallsPerSecond?: number;
  /** Abandon an introspection call after this long. Default: `keys.timeout` (5 s). */
  timeout?: Duration;
  /**
   * A fleet's shared store (`createRedisStore` from `bearer-guard/redis`, the same object as
   * `keys.shared`): results shared by every instance under a hash of the token, with the lifetimes
   * above, and one introspection call per token for the whole fleet. Each instance still checks a
   * shared answer (issuer, audience, time) and keeps it no longer than its own `cache` allows.
   *
   * @example
   * ```ts
   * import { createClient } from 'redis';
   * import { createRedisStore } from 'bearer-guard/redis';
   * import { bearerAuth } from 'bearer-guard/express';
   *
   * const redis = createClient({ url: process.env.REDIS_URL });
   * await redis.connect();
   * const shared = createRedisStore(redis, { integritySecret: process.env.BEARER_GUARD_REDIS_SECRET });
   * const client = { clientId: 'orders-api', clientSecret: process.env.INTROSPECTION_SECRET ?? '' };
   * const auth = bearerAuth({
   *   issuers: [{ issuer: 'https://idp.example.com', introspection: { client, shared } }],
   *   audience: 'https://api.example.com',
   *   keys: { shared },
   * });
   * ```
   */
  shared?: SharedIntrospectionStore;
}
