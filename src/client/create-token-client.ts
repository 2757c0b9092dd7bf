import { createAuthorizedFetch, type AuthorizedFetch } from './authorized-fetch.js';
import { resolveClientOptions, resolveTarget, type TokenClientOptions, type TokenRequestOptions } from './options.js';
import { checkTarget, type TokenTarget } from './provider.js';
import { createTokenCache } from './token-cache.js';
import { createTokenSource } from './token-source.js';

/** A machine-to-machine token client. Holds its tokens, secret and key privately. */
export interface TokenClient {
  /**
   * An access token for the configured (or given) scope and audience: cached until its refresh
   * margin, then refreshed in the background while it stays valid; concurrent callers share one
   * request. Rejects with a `TokenClientError` (never containing a token or secret).
   */
  getToken(request?: TokenRequestOptions): Promise<string>;
  /** `fetch` with `Authorization: Bearer <token>`; see {@link AuthorizedFetch}. */
  authorizedFetch: AuthorizedFetch;
  /**
   * Forgets `accessToken` if it is the cached one, so the next `getToken()` fetches a new one. For
   * callers using their own HTTP client when an API answers `401 invalid_token`. True if it was cached.
   */
  invalidate(accessToken: string): boolean;
}

/**
 * Creates a client-credentials token client (RFC 6749 §4.4) that caches, refreshes ahead,
 * single-flights and backs off exactly as the authorization server's headers say.
 *
 * @throws TypeError on bad configuration, at once.
 *
 * @example
 * ```ts
 * import { createTokenClient } from 'bearer-guard/client';
 * import { okta } from 'bearer-guard';
 *
 * const client = createTokenClient({
 *   issuer: okta({ domain: 'dev-123.okta.com', authorizationServer: 'org' }),
 *   clientId: process.env.OKTA_CLIENT_ID!,
 *   privateKey: process.env.OKTA_CLIENT_KEY_PEM!,
 *   scope: 'okta.users.read',
 * });
 * const users = await client.authorizedFetch('https://dev-123.okta.com/api/v1/users?limit=25');
 * ```
 */
export function createTokenClient(options: TokenClientOptions): TokenClient {
  const resolved = resolveClientOptions(options);
  const source = createTokenSource(resolved);
  const cache = createTokenCache(source, resolved.clock, resolved.emit);
  const targetFor = (request: TokenRequestOptions = {}): TokenTarget => {
    if (request.scope === undefined && request.audience === undefined && request.resource === undefined) return resolved.target;
    const target = resolveTarget(request, resolved.target);
    checkTarget(resolved.provider, target);
    return target;
  };
  return {
    async getToken(request) {
      return cache.get(targetFor(request));
    },
    authorizedFetch: createAuthorizedFetch(cache, targetFor, resolved),
    invalidate: (accessToken) => cache.invalidate(accessToken),
  };
}
