import { issuerExpectations } from '../claims/accept-claims.js';
import { isFailure, type Failure } from '../errors/failure.js';
import { createIntrospector, type IntrospectionOutcome, type Introspector } from '../introspection/introspector.js';
import type { IntrospectionEvent } from '../introspection/introspection-events.js';
import { isAsymmetricAlgorithm } from '../jws/algorithms.js';
import { createJwsDecoder } from '../jws/decode-jws.js';
import type { IssuerKeys } from '../keys/issuer-keys.js';
import type { ResolvedOptions } from '../options/resolve-options.js';
import type { TokenVerificationStrategy, VerifiedToken } from '../pipeline/strategy.js';
import { isJwtShaped } from './jwt-jwks-strategy.js';

/**
 * Token introspection (RFC 7662) as a verification strategy, present only when an issuer has
 * `introspection`. It takes tokens the JWT strategy cannot read (they go to `opaqueTokenIssuer`'s
 * endpoint, which configuration guarantees exists then), and JWTs whose unverified `iss` is an issuer
 * with `tokens: 'all'` (that `iss` only selects an allowlisted endpoint; the endpoint's answer
 * decides). It goes before the JWT strategy, which takes every other token.
 *
 * Its answers are cached by the introspectors under a hash of the token, so the pipeline's cache
 * (keyed by the token itself) is told not to keep them.
 */
export function createIntrospectionStrategy(
  options: ResolvedOptions,
  keys: IssuerKeys,
  emit: (event: IntrospectionEvent) => void,
): TokenVerificationStrategy | undefined {
  const { clock } = options;
  const introspectors = new Map<string, Introspector>();
  /** Issuers whose every token is introspected. */
  const allTokens = new Set<string>();
  for (const entry of options.issuers.values()) {
    const config = entry.introspection;
    if (!config) continue;
    const introspector = createIntrospector({
      issuer: entry.issuer,
      config,
      expectations: issuerExpectations(entry, options),
      jwtExpectations: {
        issuer: entry.issuer,
        audiences: entry.audiences ?? [],
        algorithms: new Set([...entry.algorithms].filter(isAsymmetricAlgorithm)),
        async keysFor(kid, alg) {
          const found = await keys.fetch(entry, { kid, alg });
          if (isFailure(found)) throw new Error(found.description);
          return found;
        },
      },
      fetch: options.fetch,
      clock,
      emit,
    });
    introspectors.set(entry.issuer, introspector);
    if (config.tokens === 'all') allTokens.add(entry.issuer);
  }
  const opaqueIssuer = options.opaqueTokenIssuer;
  if (opaqueIssuer === undefined) return undefined;
  const decode = createJwsDecoder();

  /** The `tokens: 'all'` issuer named by a JWT's unverified `iss`, if any. */
  function allTokensIssuerOf(token: string): string | undefined {
    if (allTokens.size === 0) return undefined;
    const decoded = decode(token);
    const iss = isFailure(decoded) ? undefined : decoded.payload.iss;
    return typeof iss === 'string' && allTokens.has(iss) ? iss : undefined;
  }

  function settle(token: string, issuer: string, outcome: IntrospectionOutcome): VerifiedToken | Failure {
    if (outcome.failure) {
      const { code, description, retryAt, subject, clientId } = outcome.failure;
      const facts = {
        issuer,
        ...(subject ? { subject } : {}),
        ...(clientId ? { clientId } : {}),
        ...(retryAt !== undefined ? { retryAfterSeconds: (retryAt - clock()) / 1000 } : {}),
      };
      return { code, description, facts };
    }
    return { accepted: { token, ...outcome.accepted }, cacheUntil: 0 };
  }

  return {
    name: 'introspection',
    recognizes: (token) => !isJwtShaped(token) || allTokensIssuerOf(token) !== undefined,
    verify(token) {
      const issuer = isJwtShaped(token) ? allTokensIssuerOf(token)! : opaqueIssuer;
      const outcome = introspectors.get(issuer)!.introspect(token);
      return outcome instanceof Promise ? outcome.then((settled) => settle(token, issuer, settled)) : settle(token, issuer, outcome);
    },
  };
}
