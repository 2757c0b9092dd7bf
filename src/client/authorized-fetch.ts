import { retryHintMs } from '../core/keys/http-hints.js';
import type { ResolvedClientOptions, TokenRequestOptions } from './options.js';
import type { TokenTarget } from './provider.js';
import type { TokenCache } from './token-cache.js';

/** Options of one `authorizedFetch` call beyond `fetch`'s own. */
export interface AuthorizedFetchOptions extends TokenRequestOptions {
  /**
   * Retry a non-idempotent request (POST, PATCH) after a refused token or a rate limit. Default
   * false: the API may have acted on the first one.
   */
  retryNonIdempotent?: boolean;
}

/** `fetch` with the client's token attached. */
export type AuthorizedFetch = (url: string | URL, init?: RequestInit, options?: AuthorizedFetchOptions) => Promise<Response>;

const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
const maxBlockedOrigins = 1000;

/**
 * Builds `authorizedFetch` on a client's token cache: the token goes into `Authorization: Bearer`;
 * a `401` with `error="invalid_token"` (revoked, expired by the API's clock) drops that token, gets a
 * fresh one and retries once; a `429`/`503` with a reset time blocks the API's origin until then and
 * retries once if the wait fits the deadline. Non-idempotent requests are not retried unless asked.
 */
export function createAuthorizedFetch(
  cache: TokenCache,
  targetFor: (options: TokenRequestOptions) => TokenTarget,
  options: ResolvedClientOptions,
): AuthorizedFetch {
  const { clock, emit } = options;
  const blockedOrigins = new Map<string, number>();

  const block = (origin: string, until: number): void => {
    const now = clock();
    for (const [known, at] of blockedOrigins) if (at <= now) blockedOrigins.delete(known);
    if (blockedOrigins.size >= maxBlockedOrigins) blockedOrigins.delete(blockedOrigins.keys().next().value as string);
    blockedOrigins.set(origin, Math.max(until, blockedOrigins.get(origin) ?? 0));
  };

  return async (url, init = {}, callOptions = {}) => {
    const target = targetFor(callOptions);
    const origin = new URL(url).origin;
    const method = (init.method ?? 'GET').toUpperCase();
    const replayable = (idempotentMethods.has(method) || callOptions.retryNonIdempotent === true) && !(init.body instanceof ReadableStream);
    const deadlineAt = clock() + options.deadlineMs;
    let tokenRetried = false;
    let limitRetried = false;

    for (;;) {
      const blockedUntil = blockedOrigins.get(origin) ?? 0;
      const now = clock();
      if (blockedUntil > now) {
        // Not a request the API asked us to hold back: answer as it would, without sending.
        if (blockedUntil > deadlineAt) return heldBack(blockedUntil - now);
        await options.sleep(blockedUntil - now);
        continue;
      }
      const token = await cache.get(target);
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      const response = await options.fetch(url, { ...init, headers });

      if (response.status === 401 && refusesToken(response)) {
        const willRetry = replayable && !tokenRetried;
        emit({ type: 'downstream_token_rejected', origin, willRetry });
        if (!willRetry) return response;
        tokenRetried = true;
        cache.invalidate(token);
        await response.body?.cancel().catch(() => {});
        continue;
      }
      if (response.status === 429 || response.status === 503) {
        const at = clock();
        const hint = retryHintMs(response.headers, at, { serverDate: true });
        if (hint === undefined) return response;
        block(origin, at + hint);
        const willRetry = replayable && !limitRetried && at + hint <= deadlineAt;
        emit({ type: 'downstream_rate_limited', origin, status: response.status, retryAt: at + hint, willRetry });
        if (!willRetry) return response;
        limitRetried = true;
        await response.body?.cancel().catch(() => {});
        continue;
      }
      return response;
    }
  };
}

/** RFC 6750 §3.1: the API says the token itself is bad (expired, revoked, wrong audience). */
function refusesToken(response: Response): boolean {
  const challenge = response.headers.get('www-authenticate') ?? '';
  return /(^|[\s,])Bearer\b/i.test(challenge) && /(^|[\s,])error\s*=\s*"?invalid_token"?/i.test(challenge);
}

function heldBack(waitMs: number): Response {
  return new Response(JSON.stringify({ error: 'rate_limited', error_description: 'held back by bearer-guard/client: the API asked to wait' }), {
    status: 429,
    headers: { 'content-type': 'application/json', 'retry-after': String(Math.ceil(waitMs / 1000)) },
  });
}
