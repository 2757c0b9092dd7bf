import type { Middleware } from 'koa';
import { createClaimGuard, createScopeGuard, createVerifier, optionsFromEnv, type AuthGuard, type ClaimRequirement } from '../core/index.js';
import { bearerAuthWasCreated } from './bearer-auth-created.js';
import { createFailureHandler } from './failure-handler.js';
import { authenticateWith, guardMiddleware } from './guard-middleware.js';
import type { AuthState } from './types.js';

/**
 * A guard that works on its own: after a `bearerAuth` it only checks; without one it verifies
 * the token with the configuration in the environment (see `optionsFromEnv`), read now so a
 * missing variable fails at startup.
 */
function standalone(guard: AuthGuard): Middleware<AuthState> {
  const onFailure = createFailureHandler('respond', false);
  let options;
  try {
    options = optionsFromEnv();
  } catch (error) {
    // Without environment configuration the guard can still follow an explicit bearerAuth.
    if (bearerAuthWasCreated()) return guardMiddleware(guard, onFailure, undefined);
    throw error;
  }
  return guardMiddleware(guard, onFailure, authenticateWith(createVerifier(options)));
}

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
  return standalone(createScopeGuard('all', scopes, 'requireScopes'));
}

/** Requires at least one of the listed scopes; otherwise like {@link requireScopes}. */
export function requireAnyScope(...scopes: Array<string | string[]>): Middleware<AuthState> {
  return standalone(createScopeGuard('any', scopes, 'requireAnyScope'));
}

/** Requires claims, e.g. `requireClaims({ groups: 'admins' })`; otherwise like {@link requireScopes}. */
export function requireClaims(requirements: Record<string, ClaimRequirement>): Middleware<AuthState> {
  return standalone(createClaimGuard(requirements));
}
