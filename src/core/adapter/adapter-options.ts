import { resolveCors, type CorsOptions, type CorsPolicy } from '../cors/cors-policy.js';
import type { BearerGuardOptions } from '../options/options.js';

/** Options every framework adapter adds to {@link BearerGuardOptions}. */
export interface AdapterOptions {
  /**
   * `'respond'` (default): the middleware answers failures itself, so a bare app is
   * standards-correct. `'next'` (Express) / `'throw'` (Koa): hand the `BearerGuardError` to the app's
   * own error handler, which must keep its `status`, `headers` and `body`.
   */
  errorHandling?: 'respond' | 'next' | 'throw';
  /** Add `Access-Control-Expose-Headers: WWW-Authenticate` to failures, for browser clients. */
  exposeChallengeHeader?: boolean;
  /**
   * Let browser apps on these origins read failures (401/403 and their challenge): adds
   * `Access-Control-Allow-Origin` and exposes `WWW-Authenticate`. Off by default. Preflights of
   * your own routes stay with your CORS middleware.
   */
  cors?: CorsOptions;
}

/** Separates the adapter's own options from the core's, validating them. */
export function splitAdapterOptions<T extends AdapterOptions & BearerGuardOptions>(
  options: T,
  allowedHandling: ReadonlyArray<NonNullable<AdapterOptions['errorHandling']>>,
): { core: BearerGuardOptions; errorHandling: NonNullable<AdapterOptions['errorHandling']>; cors: CorsPolicy | undefined } {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('bearer-guard: options must be an object with at least `issuers` and `audience`');
  }
  const { errorHandling = 'respond', exposeChallengeHeader = false, cors, ...core } = options;
  if (!allowedHandling.includes(errorHandling)) {
    throw new TypeError(`bearer-guard: errorHandling must be one of ${allowedHandling.map((h) => `'${h}'`).join(', ')}`);
  }
  return { core, errorHandling, cors: resolveCors(cors, exposeChallengeHeader === true) };
}
