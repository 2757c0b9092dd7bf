import { createAuthError, type BearerGuardError, type ChallengeContext } from '../errors/auth-error.js';
import { addIdentity, type Failure } from '../errors/failure.js';
import { describeValue } from '../lib/describe-value.js';
import { missingScopes, parseRequiredScopes } from './scopes.js';
import { refuserFor, type AuthResult } from '../pipeline/auth-result.js';
import { parseRequiredRoles, readTokenRoles } from './roles.js';
import { createStepUpGuard, type AuthLevelRequirement } from './step-up.js';

/**
 * Checks a verified token; returns the failure to answer with (403, or 401 for step-up), or
 * undefined to let the request on. A scope guard carries the scopes it requires, so the 401 of a
 * request it authenticates can name them.
 */
export type AuthGuard = ((auth: AuthResult) => BearerGuardError | undefined) & { readonly scopes?: readonly string[] };

/** A claim requirement: an exact value (an array claim must contain it), a list of which any will do, or a predicate. */
export type ClaimRequirement = string | number | boolean | ReadonlyArray<string | number | boolean> | ((value: unknown) => boolean);

const fallbackContext: ChallengeContext = { realm: 'api' };

/** The answer of the verifier that accepted the token (its realm, its hooks). */
export function refuse(auth: AuthResult, failure: Failure): BearerGuardError {
  const refuser = refuserFor(auth);
  return refuser ? refuser(failure) : createAuthError(fallbackContext, failure.code, failure.description, failure.facts);
}

/**
 * A guard that needs every listed scope (`mode: 'all'`) or at least one (`'any'`). Scopes are
 * parsed and validated now, so a bad scope string fails at startup.
 */
export function createScopeGuard(mode: 'all' | 'any', input: ReadonlyArray<string | readonly string[]>, what: string): AuthGuard {
  const required = parseRequiredScopes(input, what);
  const guard: AuthGuard = (auth) => {
    if (mode === 'all' ? grantsAll(auth.scopes, required) : grantsAny(auth.scopes, required)) return undefined;
    const missing = missingScopes(auth.scopes, required);
    const description =
      mode === 'all'
        ? `The token lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(' ')}`
        : `The token needs one of the scopes ${required.join(' ')} and has none of them`;
    const facts = addIdentity({ issuer: auth.issuer }, auth);
    facts.requiredScopes = required;
    facts.missingScopes = missing;
    return refuse(auth, { code: 'scope_missing', description, facts });
  };
  return Object.assign(guard, { scopes: Object.freeze(required) });
}

// Loops, not `every`/`some` with a closure: every authenticated request runs these (scopes and roles).
function grantsAll(granted: readonly string[], required: readonly string[]): boolean {
  for (const scope of required) if (!granted.includes(scope)) return false;
  return true;
}

function grantsAny(granted: readonly string[], required: readonly string[]): boolean {
  for (const scope of required) if (granted.includes(scope)) return true;
  return false;
}

const whereRolesAreRead = '(roles are read from roles, groups, cognito:groups, realm_access and resource_access)';

/**
 * A guard on roles, wherever the token's IdP puts them (see `readTokenRoles`): every listed role
 * (`mode: 'all'`) or at least one (`'any'`). A failure is 403 `insufficient_scope`: the token is
 * valid but lacks the privilege.
 */
export function createRoleGuard(mode: 'all' | 'any', input: ReadonlyArray<string | readonly string[]>, what: string): AuthGuard {
  const required = parseRequiredRoles(input, what);
  const grants = mode === 'all' ? grantsAll : grantsAny;
  return (auth) => {
    const held = readTokenRoles(auth.claims);
    if (grants(held, required)) return undefined;
    // Configured names, checked at startup: shown as they are.
    const missing = required.filter((role) => !held.includes(role));
    const description =
      mode === 'all'
        ? `The token lacks the role${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`
        : `The token needs one of the roles ${required.join(', ')} and has none of them`;
    return refuse(auth, { code: 'role_missing', description: `${description} ${whereRolesAreRead}`, facts: addIdentity({ issuer: auth.issuer }, auth) });
  };
}

function matches(value: unknown, requirement: Exclude<ClaimRequirement, (value: unknown) => boolean>): boolean {
  const wanted: ReadonlyArray<unknown> = Array.isArray(requirement) ? requirement : [requirement];
  if (Array.isArray(value)) return value.some((v) => wanted.includes(v));
  return wanted.includes(value);
}

/**
 * A guard on claims: each named claim must equal the value (or contain it, for array claims such
 * as `groups`), equal one of a list, or pass a predicate.
 */
export function createClaimGuard(requirements: Record<string, ClaimRequirement>): AuthGuard {
  if (typeof requirements !== 'object' || requirements === null || Object.keys(requirements).length === 0) {
    throw new TypeError('bearer-guard: requireClaims needs an object such as { groups: "admins" }');
  }
  const checks = Object.entries(requirements);
  for (const [name, requirement] of checks) {
    const ok = ['string', 'number', 'boolean', 'function'].includes(typeof requirement) || Array.isArray(requirement);
    if (!ok) throw new TypeError(`bearer-guard: requireClaims: the requirement for ${JSON.stringify(name)} must be a value, a list or a function`);
  }
  return (auth) => {
    for (const [name, requirement] of checks) {
      const value = auth.claims[name];
      const ok = typeof requirement === 'function' ? safely(requirement, value) : matches(value, requirement);
      if (ok) continue;
      const wanted = typeof requirement === 'function' ? 'to pass the route\'s check' : `to be ${describeValue(requirement, 60)}`;
      const description = `The token claim ${name} is ${value === undefined ? 'missing' : describeValue(value, 60)}; the route requires it ${wanted}`;
      return refuse(auth, { code: 'claim_mismatch', description, facts: addIdentity({ issuer: auth.issuer }, auth) });
    }
    return undefined;
  };
}

function safely(predicate: (value: unknown) => boolean, value: unknown): boolean {
  try {
    return predicate(value) === true;
  } catch {
    return false;
  }
}

/** The guard methods every `bearerAuth` carries. */
export interface GuardMethods<H> {
  requireScopes(...scopes: Array<string | string[]>): H;
  requireAnyScope(...scopes: Array<string | string[]>): H;
  requireClaims(requirements: Record<string, ClaimRequirement>): H;
  /** Every listed role (Entra `roles`, Keycloak realm roles and `client:role`, Okta/Cognito groups). */
  requireRoles(...roles: Array<string | string[]>): H;
  /** At least one of the listed roles. */
  requireAnyRole(...roles: Array<string | string[]>): H;
  requireAuthLevel(requirement: AuthLevelRequirement): H;
}

/** Builds the guard methods of one framework from a function that wraps a core guard as its middleware. */
export function createGuardMethods<H>(wrap: (guard: AuthGuard) => H): GuardMethods<H> {
  return {
    requireScopes: (...scopes) => wrap(createScopeGuard('all', scopes, 'requireScopes')),
    requireAnyScope: (...scopes) => wrap(createScopeGuard('any', scopes, 'requireAnyScope')),
    requireClaims: (requirements) => wrap(createClaimGuard(requirements)),
    requireRoles: (...roles) => wrap(createRoleGuard('all', roles, 'requireRoles')),
    requireAnyRole: (...roles) => wrap(createRoleGuard('any', roles, 'requireAnyRole')),
    requireAuthLevel: (requirement) => wrap(createStepUpGuard(requirement)),
  };
}
