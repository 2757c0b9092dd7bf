/**
 * The internal barrel: everything the adapters, the testing kit, the CLI, the client and the tests
 * use from the core. Not the public surface: that is `src/index.ts` (the package root), which picks
 * its names one by one.
 */
export { createVerifier, assembleVerifier, type Verifier, type AssembledVerifier, type VerifierExtensions } from './pipeline/verifier.js';
export type { AuthResult, TokenBinding } from './pipeline/auth-result.js';
export type { ReadyReport, IssuerReadiness } from './pipeline/warm-up.js';
export type { TokenVerificationStrategy, VerifiedToken, MaybePromise } from './pipeline/strategy.js';
export type { RequestCheck } from './pipeline/request-check.js';
export type { RequestContext } from './request/request-context.js';
export { isFailure, type Failure } from './errors/failure.js';
export { createScopeGuard, createClaimGuard, createRoleGuard, createGuardMethods, type AuthGuard, type ClaimRequirement, type GuardMethods } from './claims/guards.js';
export { createAuthError, isBearerGuardError, type BearerGuardError, type AuthErrorBody, type ChallengeContext, type FailureDetails } from './errors/auth-error.js';
export { failureCodes, describeFailure, type FailureCode, type FailureInfo, type ChallengeError } from './errors/failure-codes.js';
export { buildChallenge, sanitizeDescription, type ChallengeParams } from './errors/challenge.js';
export { extractToken, type RequestCredentials, type Extraction } from './request/extract-token.js';
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
} from './options/presets.js';
export { optionsFromEnv, envVariables } from './options/env.js';
export { createMemoryKeyCache, type KeyCache, type CachedKeySet } from './keys/key-cache.js';
export { resolveOptions, type ResolvedOptions, type ResolvedIssuer, type ResolvedResource } from './options/resolve-options.js';
export { decodeJws, type DecodedJws } from './jws/decode-jws.js';
export { checkClaims, checkTimes, checkAudience, type ClaimExpectations, type ClaimFailure } from './claims/check-claims.js';
export { diagnoseIssuer } from './claims/diagnose-issuer.js';
export { selectIssuer, type IssuerSelection } from './claims/select-issuer.js';
export { readTokenScopes, parseRequiredScopes } from './claims/scopes.js';
export { readTokenRoles } from './claims/roles.js';
export { formatSeconds, isoSeconds, parseDurationSeconds } from './lib/duration.js';
export type { Algorithm } from './jws/algorithms.js';
export type { BearerGuardOptions, IssuerConfig, IssuerInput, IssuerKind, KeyOptions, TokenCacheOptions, Duration, SharedKeyStore } from './options/options.js';
export type { KeyFleet, FleetLease, SharedBackoff, SharedDiscovery } from './keys/key-fleet.js';
export type { AuthFailureEvent, AuthSuccessEvent, KeyEvent } from './pipeline/events.js';
export { splitAdapterOptions, type AdapterOptions } from './adapter/adapter-options.js';
export { acceptClaims, issuerExpectations, type AcceptedToken, type IssuerExpectations } from './claims/accept-claims.js';
export { headerFacts, checkHeader } from './jws/header-checks.js';
export { nodeRequestReader, type NodeRequestFields } from './request/node-request.js';
export { createMemoryReplayStore, type DpopReplayStore } from './dpop/replay-store.js';
export type { DpopOptions } from './dpop/dpop-options.js';
export type { MtlsOptions } from './mtls/mtls-options.js';
export { createBearerAuth, type BearerAuthHandler } from './adapter/create-bearer-auth.js';
export { createStandaloneGuards } from './adapter/standalone-guards.js';
export { answered, type FrameworkBinding, type Step } from './adapter/framework-binding.js';
export type { FailurePolicy } from './adapter/failure-policy.js';
export type { IntrospectionOptions, IntrospectionCacheOptions, IntrospectedTokens } from './introspection/introspection-options.js';
export type { IntrospectionEvent } from './introspection/introspection-events.js';
export type { IntrospectionCache, SharedIntrospectionResult, SharedIntrospectionStore } from './introspection/shared-introspection.js';
export type { ClientAuthOptions, ClientAuthMethod } from './oauth/client-auth.js';
export { withChallengeScopes } from './errors/auth-error.js';
export { createStepUpGuard, type AuthLevelRequirement } from './claims/step-up.js';
export { resolveResource, protectedResourceWellKnown, type ResourceIdentity } from './resource/resource-identifier.js';
export { buildMetadataDocument, type ResourceMetadataOptions, type ResourceMetadataDocument } from './resource/metadata-document.js';
export { createMetadataResponder, pathOfTarget, type MetadataResponder, type PlainResponse } from './resource/metadata-responder.js';
export { resolveCors, type CorsOptions, type CorsPolicy } from './cors/cors-policy.js';
