/**
 * The catalogue of failures bearer-guard can answer with. Every failure has a stable machine
 * `code` (safe to `switch` on and to alert on), the HTTP status it produces, the RFC 6750 `error`
 * it carries in the challenge (if any), and the fix in words a person can act on.
 */

import { badRequest, badToken, forbidden, noCredentials, stepUp, unavailable } from './failure-answers.js';
import { introspectionFailures } from './introspection-failures.js';
import { senderConstraintFailures } from './sender-constraint-failures.js';

/** RFC 6750 §3.1, RFC 9449 §7.1 and RFC 9470 §3 error codes used in `WWW-Authenticate: Bearer|DPoP error="…"`. */
export type ChallengeError =
  | 'invalid_request'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  | 'insufficient_user_authentication';

/** One entry of the failure catalogue. */
export interface FailureInfo {
  /** HTTP status the middleware answers with. */
  readonly status: 400 | 401 | 403 | 503;
  /** RFC 6750 error code in the challenge; absent when the client sent no usable credentials. */
  readonly error?: ChallengeError;
  /** `'DPoP'` when the error goes into the DPoP challenge whatever scheme the request used. */
  readonly scheme?: 'DPoP';
  /** What went wrong, in one line. */
  readonly cause: string;
  /** What to change so it works. */
  readonly fix: string;
}


/**
 * Every failure code with its status, challenge error, cause and fix.
 *
 * @example
 * ```ts
 * import { failureCodes } from 'bearer-guard';
 * console.log(failureCodes.token_expired.fix);
 * ```
 */
export const failureCodes = {
  token_missing: {
    ...noCredentials,
    cause: 'The request carries no Authorization header.',
    fix: 'Send the access token as `Authorization: Bearer <token>`.',
  },
  scheme_not_bearer: {
    ...noCredentials,
    cause: 'The Authorization header uses another scheme (e.g. Basic, SSWS, DPoP).',
    fix: 'Send the access token with the Bearer scheme: `Authorization: Bearer <token>`.',
  },
  token_in_query: {
    ...noCredentials,
    cause: 'The token was sent only as ?access_token= in the URL, which OAuth 2.1 requires servers to ignore.',
    fix: 'Move the token into the `Authorization: Bearer <token>` header.',
  },
  authorization_malformed: {
    ...badRequest,
    cause: 'The Authorization header says Bearer but carries no token, or characters a token cannot contain.',
    fix: 'Send exactly `Authorization: Bearer <token>`; check the token was not truncated, quoted or joined with another value.',
  },
  authorization_duplicated: {
    ...badRequest,
    cause: 'The request has more than one Authorization header line.',
    fix: 'Send a single Authorization header; a proxy or client library may be adding a second one.',
  },
  token_multiple_methods: {
    ...badRequest,
    cause: 'The token was sent by more than one method (header and form body).',
    fix: 'Send the token only in the Authorization header.',
  },
  token_too_large: {
    ...badToken,
    cause: 'The token is longer than the configured limit.',
    fix: 'Check what the client sends; raise `maxTokenLength` only if your IdP really issues tokens this large.',
  },
  token_malformed: {
    ...badToken,
    cause: 'The token is not a JWT (three base64url parts separated by dots with a JSON header and payload).',
    fix: 'Send a JWT access token, not an API key or session id. An opaque token means the request named no API: Auth0 needs `audience=<your API identifier>`, RFC 8707 servers `resource=<this API\'s URL>`; an IdP that only issues opaque tokens needs token introspection (the issuer\'s `introspection` option).',
  },
  token_encrypted: {
    ...badToken,
    cause: 'The token is an encrypted JWT (JWE, five parts), which this API cannot read.',
    fix: 'Request a signed JWT access token. Auth0 issues opaque/encrypted tokens when the authorize or token request has no `audience`.',
  },
  algorithm_not_allowed: {
    ...badToken,
    cause: 'The token is signed with an algorithm this API never accepts (`none`; HS* without a configured secret listed in `algorithms`; one bearer-guard does not implement) or one outside the configured `algorithms`.',
    fix: 'If you set `algorithms`, add the IdP\'s asymmetric signing algorithm or leave the option out so the issuer\'s keys decide; otherwise the token is forged.',
  },
  algorithm_key_mismatch: {
    ...badToken,
    cause: 'The key named by `kid` does not fit the token\'s `alg` (key type, curve, RSA under 2048 bits, or the key\'s own `alg`, `use` or `key_ops`).',
    fix: 'The token is forged or the IdP is misconfigured: a key must be used with exactly one algorithm.',
  },
  crit_unsupported: {
    ...badToken,
    cause: 'The token header lists critical extensions (`crit`) this API does not implement.',
    fix: 'Issue tokens without `crit` header parameters.',
  },
  kid_missing: {
    ...badToken,
    cause: 'The token header has no `kid` and the issuer publishes more than one key that fits its algorithm.',
    fix: 'Have the IdP put `kid` in the token header.',
  },
  kid_unknown: {
    ...badToken,
    cause: 'No key with the token\'s `kid` is in the issuer\'s JWKS, even after refreshing it.',
    fix: 'The token was signed by another issuer or environment (dev vs prod tenant, org vs custom authorization server), or with a key the IdP no longer publishes.',
  },
  signature_invalid: {
    ...badToken,
    cause: 'The signature does not verify with the issuer\'s key.',
    fix: 'The token was altered, truncated, or signed by a different key that reuses the `kid`.',
  },
  issuer_missing: {
    ...badToken,
    cause: 'The token has no `iss` claim.',
    fix: 'Send an access token from one of the configured issuers.',
  },
  issuer_not_allowed: {
    ...badToken,
    cause: 'The token\'s `iss` is not one of the configured issuers.',
    fix: 'Add the issuer to `issuers` if you trust it, or get the token from the configured issuer.',
  },
  tenant_not_allowed: {
    ...badToken,
    cause: 'The token comes from an Entra tenant (`tid`) that the multi-tenant issuer entry does not list.',
    fix: 'Add the tenant id to `tenants` if that organization may call this API (or `tenants: \'any\'` to accept every organization and authorize by `tid` yourself).',
  },
  issuer_trailing_slash: {
    ...badToken,
    cause: 'The token\'s `iss` differs from a configured issuer only by a trailing slash.',
    fix: 'Configure the issuer exactly as the token carries it (Auth0 issuers end in `/`, Okta issuers do not).',
  },
  issuer_okta_org_server: {
    ...badToken,
    cause: 'The token was issued by the Okta org authorization server, but this API accepts a custom authorization server.',
    fix: 'Request the token from the custom authorization server (`https://{domain}/oauth2/{id}/v1/token`). Org-server access tokens are meant for Okta\'s own APIs.',
  },
  issuer_okta_custom_server: {
    ...badToken,
    cause: 'The token was issued by an Okta custom authorization server that this API does not accept.',
    fix: 'Request the token from the authorization server this API is configured for, or add this one to `issuers`.',
  },
  audience_missing: {
    ...badToken,
    cause: 'The token has no `aud` claim.',
    fix: 'Request the token for this API (Auth0: `audience=`; Okta: the custom server\'s audience; Entra: the API\'s App ID URI).',
  },
  audience_mismatch: {
    ...badToken,
    cause: 'The token\'s `aud` does not contain an audience this API accepts.',
    fix: 'Request the token for this API\'s audience, or add the token\'s audience to `audience` if it really names this API. Keycloak: add an Audience mapper for this API (its default `aud` is `account`).',
  },
  client_not_allowed: {
    ...badToken,
    cause: 'The token was issued to a client (`client_id`, `azp`, `appid`) that the issuer entry\'s `clientIds` does not list; Cognito access tokens are checked this way as they carry no `aud`.',
    fix: 'Add the app client id to `clientIds` if that client may call this API; otherwise get the token with an allowed client.',
  },
  token_use_mismatch: {
    ...badToken,
    cause: 'A Cognito token\'s `token_use` is not `access`.',
    fix: 'Send the access token from Cognito\'s token response.',
  },
  token_expired: {
    ...badToken,
    cause: 'The token\'s `exp` lies in the past by more than the clock tolerance.',
    fix: 'Get a new token (refresh it before `exp`); if it was just issued, check the server clocks (NTP).',
  },
  token_not_yet_valid: {
    ...badToken,
    cause: 'The token\'s `nbf` lies in the future by more than the clock tolerance.',
    fix: 'Synchronise the clocks of this server and the IdP (NTP), or raise `clockTolerance` (at most a few minutes).',
  },
  token_issued_in_future: {
    ...badToken,
    cause: 'The token\'s `iat` lies in the future by more than the clock tolerance.',
    fix: 'Synchronise the clocks of this server and the IdP (NTP), or raise `clockTolerance` (at most a few minutes).',
  },
  expiry_missing: {
    ...badToken,
    cause: 'The token has no numeric `exp` claim; tokens that never expire are refused.',
    fix: 'Issue access tokens with an expiry.',
  },
  claim_invalid: {
    ...badToken,
    cause: 'A registered claim (`iat`, `nbf`, `aud`, `scope`…) has the wrong type.',
    fix: 'Check how the IdP builds the token; registered claims must follow RFC 7519.',
  },
  typ_mismatch: {
    ...badToken,
    cause: 'In strict RFC 9068 mode the token header `typ` must be `at+jwt`.',
    fix: 'Have the IdP issue RFC 9068 access tokens (Auth0: the "RFC 9068" token profile), or turn off `strict`.',
  },
  id_token_presented: {
    ...badToken,
    cause: 'The token is an OpenID Connect ID token (it has `nonce`, Cognito\'s `token_use=id` or Keycloak\'s `typ: ID`), not an access token.',
    fix: 'Send the access token from the token response, not the ID token.',
  },
  token_sender_constrained: {
    ...badToken,
    cause: 'The token is bound to a key or certificate (`cnf` claim, DPoP or mTLS) and was sent as a plain Bearer token.',
    fix: 'Send it with the scheme it was bound for, or request an unbound Bearer token.',
  },
  ...senderConstraintFailures,
  scope_missing: {
    ...forbidden,
    cause: 'The token is valid but lacks a scope this route requires.',
    fix: 'Request the missing scopes when getting the token and make sure the IdP grants them (Okta: access policy rules; Auth0: API permissions / RBAC).',
  },
  claim_mismatch: {
    ...forbidden,
    cause: 'The token is valid but a claim this route requires is missing or has another value.',
    fix: 'Check the user\'s groups/roles at the IdP and the claims configured for the authorization server.',
  },
  role_missing: {
    ...forbidden,
    cause: 'The token is valid but lacks a role this route requires (Entra `roles`, Keycloak realm or client roles, Okta or Cognito groups).',
    fix: 'Assign the role to the user or app at the IdP (Entra: app roles and admin consent; Keycloak: role mappings; Okta: group rules and a groups claim; Cognito: groups).',
  },
  acr_insufficient: {
    ...stepUp,
    cause: 'The token is valid but the user authenticated with an authentication context (`acr`) this route does not accept, or the token has no `acr` (RFC 9470).',
    fix: 'Sign in again with one of the `acr_values` of the challenge (the client passes them on to the authorization request); check that the IdP puts `acr` into access tokens.',
  },
  authentication_too_old: {
    ...stepUp,
    cause: 'The token is valid but the user authenticated longer ago than this route allows (`auth_time` older than `max_age`), or the token has no `auth_time` (RFC 9470).',
    fix: 'Sign in again (the client passes the challenge\'s `max_age` on to the authorization request); check that the IdP puts `auth_time` into access tokens.',
  },
  jwks_unavailable: {
    ...unavailable,
    cause: 'The issuer\'s signing keys could not be fetched (IdP down, timeout, network) and no cached key fits.',
    fix: 'Retry after the Retry-After delay; check the IdP\'s status page and that this server can reach the JWKS URL.',
  },
  jwks_invalid: {
    ...unavailable,
    cause: 'The issuer\'s JWKS response was not a usable key set (not JSON, no keys, too large).',
    fix: 'Check the configured `jwksUri` or the discovery document\'s `jwks_uri`; it must return a JSON Web Key Set.',
  },
  idp_rate_limited: {
    ...unavailable,
    cause: 'The IdP answered the key or discovery request with 429/503; bearer-guard waits until its reset time.',
    fix: 'Retry after the Retry-After delay. Keys are cached, so this should be rare: check for many instances starting at once.',
  },
  discovery_failed: {
    ...unavailable,
    cause: 'No discovery document (OIDC or RFC 8414) could be read for the issuer.',
    fix: 'Check the issuer URL, or configure `jwksUri` for the issuer to skip discovery.',
  },
  discovery_issuer_mismatch: {
    ...unavailable,
    cause: 'The discovery document names a different `issuer` than the one configured, so it is refused.',
    fix: 'Configure the issuer exactly as the discovery document states it (watch the trailing slash).',
  },
  ...introspectionFailures,
} as const satisfies Record<string, FailureInfo>;

/** A stable machine-readable failure code; see {@link failureCodes}. */
export type FailureCode = keyof typeof failureCodes;

/** The info for a failure code. */
export function describeFailure(code: FailureCode): FailureInfo {
  return failureCodes[code];
}
