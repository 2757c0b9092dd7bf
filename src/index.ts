/**
 * bearer-guard: the framework-agnostic core. Adapters live at `bearer-guard/express` and
 * `bearer-guard/koa`; the testing kit at `bearer-guard/testing`; the token client at
 * `bearer-guard/client`; the fleet's shared Redis store at `bearer-guard/redis`.
 *
 * This is the chosen public surface of the package root: each name here is a promise. The
 * adapters, the CLI and the tests use the internal barrel (`src/core/index.ts`) instead.
 * `test/package/public-surface.test.ts` holds the exact list; change both deliberately.
 *
 * @example
 * ```ts
 * import { createVerifier } from 'bearer-guard';
 *
 * const verifier = createVerifier({ issuers: ['https://dev-123.okta.com/oauth2/default'], audience: 'api://default' });
 * const auth = await verifier.verify(token);
 * ```
 *
 * @packageDocumentation
 */
export { createVerifier, type Verifier } from './core/pipeline/verifier.js';
export type { AuthResult, TokenBinding } from './core/pipeline/auth-result.js';
export type { ReadyReport, IssuerReadiness } from './core/pipeline/warm-up.js';
export type { RequestContext } from './core/request/request-context.js';
export { isBearerGuardError, type BearerGuardError, type AuthErrorBody } from './core/errors/auth-error.js';
export type { FailureDetails } from './core/errors/failure.js';
export { failureCodes, type FailureCode, type FailureInfo, type ChallengeError } from './core/errors/failure-codes.js';
export {
  okta,
  auth0,
  entra,
  cognito,
  keycloak,
  type OktaPresetOptions,
  type Auth0PresetOptions,
  type EntraPresetOptions,
  type CognitoPresetOptions,
  type KeycloakPresetOptions,
} from './core/options/presets.js';
export { optionsFromEnv, envVariables } from './core/options/env.js';
export { createMemoryKeyCache, type KeyCache, type CachedKeySet } from './core/keys/key-cache.js';
export { createMemoryReplayStore, type DpopReplayStore } from './core/dpop/replay-store.js';
export type { DpopOptions } from './core/dpop/dpop-options.js';
export type { MtlsOptions } from './core/mtls/mtls-options.js';
export type { ClaimRequirement } from './core/claims/guards.js';
export type { AuthLevelRequirement } from './core/claims/step-up.js';
export type { ResourceMetadataOptions } from './core/resource/metadata-document.js';
export type { Algorithm } from './core/jws/algorithms.js';
export type { BearerGuardOptions, IssuerConfig, IssuerInput, IssuerKind, KeyOptions, TokenCacheOptions, Duration, SharedKeyStore } from './core/options/options.js';
export type { KeyFleet, FleetLease, SharedBackoff, SharedDiscovery } from './core/keys/key-fleet.js';
export type { AuthFailureEvent, AuthSuccessEvent, KeyEvent, KeyFetchReason } from './core/pipeline/events.js';
export type { IntrospectionOptions, IntrospectionCacheOptions, IntrospectedTokens } from './core/introspection/introspection-options.js';
export type { IntrospectionEvent } from './core/introspection/introspection-events.js';
export type { IntrospectionCache, SharedIntrospectionResult, SharedIntrospectionStore } from './core/introspection/shared-introspection.js';
export type { ClientAuthOptions, ClientAuthMethod } from './core/oauth/client-auth.js';
