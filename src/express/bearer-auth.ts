import type { RequestHandler } from 'express';
import { createBearerAuth, type AdapterOptions, type BearerGuardOptions, type GuardMethods, type Verifier, type ReadyReport } from '../core/index.js';
import { expressBinding } from './express-binding.js';

/** Options of the Express `bearerAuth`: the core options plus how failures are answered. */
export interface ExpressBearerAuthOptions extends BearerGuardOptions, Omit<AdapterOptions, 'errorHandling'> {
  /** `'respond'` (default) answers failures here; `'next'` calls `next(err)` with the `BearerGuardError`. */
  errorHandling?: 'respond' | 'next';
}

/**
 * Express middleware that verifies the bearer token, carrying guards bound to the same
 * configuration: `requireScopes` (every listed scope; strings may hold several, space-separated),
 * `requireAnyScope` (at least one) and `requireClaims` (e.g. `{ groups: 'admins' }`).
 */
export interface BearerAuthMiddleware extends RequestHandler, GuardMethods<RequestHandler> {
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
  readonly metadata: RequestHandler;
}

/**
 * Creates Express middleware that verifies the request's bearer token and sets `req.auth`.
 * Options are validated now: a mistake throws a `TypeError` at startup, not a 500 later.
 *
 * @example
 * ```ts
 * const auth = bearerAuth({
 *   issuers: ['https://dev-123.okta.com/oauth2/default'],
 *   audience: 'api://default',
 * });
 * app.get('/users', auth, auth.requireScopes('okta.users.read'), (req, res) => res.json(req.auth?.claims));
 * ```
 */
export function bearerAuth(options: ExpressBearerAuthOptions): BearerAuthMiddleware {
  return createBearerAuth(expressBinding, options, ['respond', 'next']);
}
