/**
 * bearer-guard for Koa 2 and 3. The verified token is on `ctx.state.auth` (typed: importing this
 * module adds `auth` to Koa's `DefaultState`). By default failures are answered here with the same
 * status, challenge and JSON body as the Express adapter; `errorHandling: 'throw'` hands the
 * `http-errors` instance to the app's error middleware instead.
 *
 * @example
 * ```ts
 * import Koa from 'koa';
 * import { requireScopes } from 'bearer-guard/koa';
 *
 * const app = new Koa();
 * app.use(requireScopes('okta.users.read'));
 * ```
 */
export { bearerAuth, type BearerAuthMiddleware, type KoaBearerAuthOptions } from './bearer-auth.js';
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
export type { AuthState } from './types.js';
