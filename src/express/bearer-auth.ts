import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  createClaimGuard,
  createScopeGuard,
  createVerifier,
  isBearerGuardError,
  splitAdapterOptions,
  type AdapterOptions,
  type AuthGuard,
  type BearerGuardError,
  type BearerGuardOptions,
  type ClaimRequirement,
  type Verifier,
} from '../core/index.js';
import { noteBearerAuthCreated } from './bearer-auth-created.js';
import { requestCredentials } from './request-credentials.js';
import { sendFailure } from './send-failure.js';
import './types.js';

/** Options of the Express `bearerAuth`: the core options plus how failures are answered. */
export interface ExpressBearerAuthOptions extends BearerGuardOptions, Omit<AdapterOptions, 'errorHandling'> {
  /** `'respond'` (default) answers failures here; `'next'` calls `next(err)` with the `BearerGuardError`. */
  errorHandling?: 'respond' | 'next';
}

/** Express middleware that verifies the bearer token and carries guards bound to the same configuration. */
export interface BearerAuthMiddleware extends RequestHandler {
  /** A guard needing every listed scope (strings may hold several, space-separated). */
  requireScopes(...scopes: Array<string | string[]>): RequestHandler;
  /** A guard needing at least one of the listed scopes. */
  requireAnyScope(...scopes: Array<string | string[]>): RequestHandler;
  /** A guard on claims, e.g. `{ groups: 'admins' }`. */
  requireClaims(requirements: Record<string, ClaimRequirement>): RequestHandler;
  /** The verifier behind this middleware. */
  readonly verifier: Verifier;
}

/** How a failure leaves the middleware: answered here, or passed to the app's error handler. */
export type FailureHandler = (error: unknown, req: Request, res: Response, next: NextFunction) => void;

export function createFailureHandler(errorHandling: 'respond' | 'next', exposeChallengeHeader: boolean): FailureHandler {
  return (error, _req, res, next) => {
    if (!isBearerGuardError(error)) return next(error);
    if (exposeChallengeHeader) error.headers['Access-Control-Expose-Headers'] = 'WWW-Authenticate';
    if (errorHandling === 'respond') sendFailure(res, error);
    else next(error);
  };
}

/** Wraps a core guard as Express middleware; without `req.auth`, `authenticate` runs first. */
export function guardMiddleware(
  guard: AuthGuard,
  onFailure: FailureHandler,
  authenticate: ((req: Request) => Promise<void>) | undefined,
): RequestHandler {
  const check = (req: Request, res: Response, next: NextFunction) => {
    const error: BearerGuardError | undefined = guard(req.auth!);
    if (error) onFailure(error, req, res, next);
    else next();
  };
  return (req, res, next) => {
    if (req.auth) return check(req, res, next);
    if (!authenticate) {
      return next(new Error('bearer-guard: a scope or claim guard ran before bearerAuth on this route; put bearerAuth first'));
    }
    authenticate(req).then(
      () => check(req, res, next),
      (error: unknown) => onFailure(error, req, res, next),
    );
  };
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
  const { core, errorHandling, exposeChallengeHeader } = splitAdapterOptions(options, ['respond', 'next']);
  const verifier = createVerifier(core);
  noteBearerAuthCreated();
  const onFailure = createFailureHandler(errorHandling as 'respond' | 'next', exposeChallengeHeader);
  const authenticate = async (req: Request) => {
    req.auth = await verifier.authenticate(requestCredentials(req));
  };
  const middleware: RequestHandler = (req, res, next) => {
    authenticate(req).then(
      () => next(),
      (error: unknown) => onFailure(error, req, res, next),
    );
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
