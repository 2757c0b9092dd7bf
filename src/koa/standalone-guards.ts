import type { Middleware } from 'koa';
import { createEnvVerifier, createGuardMethods, type ClaimRequirement } from '../core/index.js';
import { bearerAuthWasCreated } from './bearer-auth-created.js';
import { createFailureHandler } from './failure-handler.js';
import { authenticateWith, guardMiddleware } from './guard-middleware.js';
import type { AuthState } from './types.js';

/**
 * Guards that work on their own: after a `bearerAuth` they only check; without one they verify
 * the token with the configuration in the environment (see `optionsFromEnv`), read when the guard
 * is created so a missing variable fails at startup.
 */
const standalone = createGuardMethods((guard) => {
  const verifier = createEnvVerifier(bearerAuthWasCreated());
  return guardMiddleware(guard, createFailureHandler('respond', false), verifier && authenticateWith(verifier));
});

/**
 * Requires every listed scope. Use after `bearerAuth`, or alone with the issuer and audience in
 * `BEARER_GUARD_ISSUER` and `BEARER_GUARD_AUDIENCE`.
 *
 * @example
 * ```ts
 * app.use(requireScopes('okta.users.read'));
 * ```
 */
export function requireScopes(...scopes: Array<string | string[]>): Middleware<AuthState> {
  return standalone.requireScopes(...scopes);
}

/** Requires at least one of the listed scopes; otherwise like {@link requireScopes}. */
export function requireAnyScope(...scopes: Array<string | string[]>): Middleware<AuthState> {
  return standalone.requireAnyScope(...scopes);
}

/** Requires claims, e.g. `requireClaims({ groups: 'admins' })`; otherwise like {@link requireScopes}. */
export function requireClaims(requirements: Record<string, ClaimRequirement>): Middleware<AuthState> {
  return standalone.requireClaims(requirements);
}
