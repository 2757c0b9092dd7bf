import type { Middleware } from 'koa';
import {
  createClaimGuard,
  createScopeGuard,
  createVerifier,
  splitAdapterOptions,
  type AdapterOptions,
  type BearerGuardOptions,
  type ClaimRequirement,
  type Verifier,
} from '../core/index.js';
import { noteBearerAuthCreated } from './bearer-auth-created.js';
import { createFailureHandler } from './failure-handler.js';
import { authenticateWith, guardMiddleware } from './guard-middleware.js';
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

/** Koa middleware that verifies the bearer token and carries guards bound to the same configuration. */
export interface BearerAuthMiddleware extends Middleware<AuthState> {
  /** A guard needing every listed scope (strings may hold several, space-separated). */
  requireScopes(...scopes: Array<string | string[]>): Middleware<AuthState>;
  /** A guard needing at least one of the listed scopes. */
  requireAnyScope(...scopes: Array<string | string[]>): Middleware<AuthState>;
  /** A guard on claims, e.g. `{ groups: 'admins' }`. */
  requireClaims(requirements: Record<string, ClaimRequirement>): Middleware<AuthState>;
  /** The verifier behind this middleware. */
  readonly verifier: Verifier;
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
  const { core, errorHandling, exposeChallengeHeader } = splitAdapterOptions(options, ['respond', 'throw']);
  const verifier = createVerifier(core);
  noteBearerAuthCreated();
  const onFailure = createFailureHandler(errorHandling as 'respond' | 'throw', exposeChallengeHeader);
  const authenticate = authenticateWith(verifier);
  const middleware: Middleware<AuthState> = async (ctx, next) => {
    try {
      await authenticate(ctx);
    } catch (error) {
      return onFailure(ctx, error);
    }
    await next();
  };
  return Object.assign(middleware, {
    requireScopes: (...scopes: Array<string | string[]>) =>
      guardMiddleware(createScopeGuard('all', scopes, 'requireScopes'), onFailure, authenticate),
    requireAnyScope: (...scopes: Array<string | string[]>) =>
      guardMiddleware(createScopeGuard('any', scopes, 'requireAnyScope'), onFailure, authenticate),
    requireClaims: (requirements: Record<string, ClaimRequirement>) =>
      guardMiddleware(createClaimGuard(requirements), onFailure, authenticate),
    verifier,
  });
}
