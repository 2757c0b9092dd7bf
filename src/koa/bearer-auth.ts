import type { Middleware } from 'koa';
import { createBearerAuth, type AdapterOptions, type BearerGuardOptions, type GuardMethods, type Verifier, type ReadyReport } from '../core/index.js';
import { koaBinding } from './koa-binding.js';
import type { AuthState } from './types.js';

/** Options of the Koa `bearerAuth`: the core options plus how failures are answered. */
export interface KoaBearerAuthOptions extends BearerGuardOptions, Omit<AdapterOptions, 'errorHandling'> {
  /**
   * `'respond'` (default): the middleware answers its own failures with status, challenge and the
   * JSON body, exactly as the Express adapter does, so a bare Koa app is standards-correct.
   *
   * `'throw'`: the `BearerGuardError` (an `http-errors` instance) is thrown for the app's own
   * error middleware. Koa's default `onerror` renders its `status` and `headers` (challenge,
   * `Retry-After`, `Cache-Control`) with the description as `text/plain`; an error middleware of
   * your own must keep `err.status` and every entry of `err.headers`, and should send `err.body`
   * as JSON:
   *
   * @example
   * ```ts
   * app.use(async (ctx, next) => {
   *   try {
   *     await next();
   *   } catch (err) {
   *     if (!isBearerGuardError(err)) throw err;
   *     ctx.status = err.status;
   *     ctx.set(err.headers);
   *     ctx.body = err.body;
   *   }
   * });
   * ```
   */
  errorHandling?: 'respond' | 'throw';
}

/**
 * Koa middleware that verifies the bearer token, carrying guards bound to the same configuration:
 * `requireScopes` (every listed scope; strings may hold several, space-separated),
 * `requireAnyScope` (at least one) and `requireClaims` (e.g. `{ groups: 'admins' }`).
 */
export interface BearerAuthMiddleware extends Middleware<AuthState>, GuardMethods<Middleware<AuthState>> {
  /** The verifier behind this middleware. */
  readonly verifier: Verifier;
  /**
   * Warms up at startup: fetches discovery and keys of every issuer and imports the keys, so the
   * first request waits for nothing. Answers within the key timeout (`keys.timeout`, 5 s by
   * default) and never rejects: when an IdP is down the report says so (the usual key events are
   * emitted) and requests behave as they would have without the warm-up.
   *
   * @example
   * ```ts
   * const auth = bearerAuth({ issuers: ['https://dev-123.okta.com/oauth2/default'], audience: 'api://default' });
   * const report = await auth.ready();
   * if (!report.ready) console.warn('starting without keys:', report.issuers);
   * ```
   */
  ready(): Promise<ReadyReport>;
  /**
   * Serves the RFC 9728 protected resource metadata document (GET, HEAD and CORS preflight, any
   * origin) at `/.well-known/oauth-protected-resource{path of resource}` and lets every other
   * request on. `bearerAuth` and its guards answer those paths themselves wherever they run; mount
   * this when they run only on other routes. Without `resource` it lets everything on.
   *
   * @example
   * ```ts
   * const auth = bearerAuth({ issuers: ['https://auth.example.com'], resource: 'https://api.example.com/mcp' });
   * app.use(auth.metadata);
   * ```
   */
  readonly metadata: Middleware<AuthState>;
}

/**
 * Creates Koa middleware that verifies the request's bearer token and sets `ctx.state.auth`.
 * Options are validated now: a mistake throws a `TypeError` at startup, not a 500 later.
 *
 * @example
 * ```ts
 * const auth = bearerAuth({
 *   issuers: ['https://dev-123.okta.com/oauth2/default'],
 *   audience: 'api://default',
 * });
 * app.use(auth);
 * app.use(auth.requireScopes('okta.users.read'));
 * app.use((ctx) => {
 *   ctx.body = { subject: ctx.state.auth?.subject };
 * });
 * ```
 */
export function bearerAuth(options: KoaBearerAuthOptions): BearerAuthMiddleware {
  return createBearerAuth(koaBinding, options, ['respond', 'throw']);
}
