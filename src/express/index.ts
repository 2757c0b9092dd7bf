/**
 * bearer-guard for Express 4 and 5.
 *
 * @example
 * ```ts
 * import { bearerAuth, requireScopes } from 'bearer-guard/express';
 * app.use(requireScopes('okta.users.read'));
 * ```
 */
export { bearerAuth, type BearerAuthMiddleware, type ExpressBearerAuthOptions } from './bearer-auth.js';
export { requireScopes, requireAnyScope, requireClaims, requireRoles, requireAnyRole, requireAuthLevel } from './standalone-guards.js';
export { okta, auth0, entra, cognito, keycloak, isBearerGuardError, failureCodes, optionsFromEnv } from '../core/index.js';
export type {
  AuthResult,
  BearerGuardError,
  BearerGuardOptions,
  FailureCode,
  IssuerConfig,
  ClaimRequirement,
  AuthLevelRequirement,
  ResourceMetadataOptions,
  CorsOptions,
  ReadyReport,
  IssuerReadiness,
} from '../core/index.js';
export type {} from './types.js';
