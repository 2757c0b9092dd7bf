import type { KeyPolicy } from '../options/resolve-options.js';
import type { ResponseHeaders } from './fetch-json.js';

/** Longest wait an IdP's rate-limit headers can impose before we try again. */
export const maxRetryHintMs = 3_600_000;

/**
 * How long an IdP asked us to wait, in ms: `Retry-After` (seconds or HTTP-date, RFC 9110 §10.2.3),
 * else Okta's `x-rate-limit-reset` or Auth0's `x-ratelimit-reset` (absolute epoch seconds).
 * A reset in the past gives 1 s; absurd values are capped at an hour.
 *
 * With `serverDate`, absolute times are measured against the response's own `Date` header when it
 * has one: the reset is on the server's clock, so our clock's skew does not shorten or stretch the
 * wait. `Date` has whole seconds, so this errs by up to a second on the late, safe side.
 */
export function retryHintMs(headers: ResponseHeaders, now: number, options: { serverDate?: boolean } = {}): number | undefined {
  const serverNow = options.serverDate ? Date.parse(headers.get('date') ?? '') : Number.NaN;
  const reference = Number.isNaN(serverNow) ? now : serverNow;
  let wait: number | undefined;
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) wait = Number(retryAfter) * 1000;
    else {
      const date = Date.parse(retryAfter);
      if (!Number.isNaN(date)) wait = date - reference;
    }
  }
  if (wait === undefined) {
    const reset = (headers.get('x-rate-limit-reset') ?? headers.get('x-ratelimit-reset'))?.trim();
    if (reset && /^\d+(\.\d+)?$/.test(reset)) wait = Number(reset) * 1000 - reference;
  }
  if (wait === undefined) return undefined;
  return Math.min(Math.max(wait, 1000), maxRetryHintMs);
}

/**
 * How long a fetched key set stays fresh, in ms: `Cache-Control: max-age` less `Age`, clamped to
 * the policy's bounds; `no-store`/`no-cache` give the lower bound; no header gives the default.
 */
export function cacheLifetimeMs(headers: ResponseHeaders, policy: Pick<KeyPolicy, 'minTtlMs' | 'maxTtlMs' | 'defaultTtlMs'>): number {
  const clamp = (v: number) => Math.min(Math.max(v, policy.minTtlMs), policy.maxTtlMs);
  const cacheControl = headers.get('cache-control')?.toLowerCase() ?? '';
  if (/(^|[\s,])(no-store|no-cache)\b/.test(cacheControl)) return policy.minTtlMs;
  const maxAge = /(?:^|[\s,])max-age\s*=\s*"?(\d+)/.exec(cacheControl);
  if (!maxAge) return clamp(policy.defaultTtlMs);
  const age = Number(headers.get('age') ?? 0);
  const seconds = Number(maxAge[1]) - (Number.isFinite(age) && age > 0 ? age : 0);
  return clamp(seconds * 1000);
}
