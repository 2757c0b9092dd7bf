import { badToken, unavailable } from './failure-answers.js';
import type { FailureInfo } from './failure-codes.js';

/**
 * The failures of token introspection (RFC 7662), in the order the catalogue (`failure-codes.ts`)
 * lists them. The endpoint's own troubles are 503s: the token may be fine.
 */
export const introspectionFailures = {
  token_inactive: {
    ...badToken,
    cause: 'The authorization server\'s introspection endpoint says the token is not active: it was revoked, has expired, or is unknown to that server.',
    fix: 'Get a new token. If it was just issued, check that it comes from the issuer whose endpoint is asked (`opaqueTokens`) and was issued to be used at this API.',
  },
  introspection_issuer_mismatch: {
    ...badToken,
    cause: 'The introspection response names another issuer (`iss`) than the authorization server that was asked.',
    fix: 'Send a token of the configured issuer; with several introspecting issuers, opaque tokens go only to the one named by `opaqueTokens`.',
  },
  refresh_token_presented: {
    ...badToken,
    cause: 'The introspection response says the token is a refresh token (`token_type`), not an access token.',
    fix: 'Send the access token from the token response, not the refresh token.',
  },
  introspection_unavailable: {
    ...unavailable,
    cause: 'The introspection endpoint could not be reached or failed (network error, timeout, 5xx), so the token could not be checked.',
    fix: 'Retry after the Retry-After delay; check the IdP\'s status page and that this server can reach the introspection endpoint.',
  },
  introspection_rate_limited: {
    ...unavailable,
    cause: 'The introspection endpoint answered 429/503; bearer-guard asks again only after its reset time.',
    fix: 'Retry after the Retry-After delay. Raise `introspection.cache.maxAge` or lower the request rate if this is frequent.',
  },
  introspection_client_rejected: {
    ...unavailable,
    cause: 'The introspection endpoint refused this API\'s own client credentials (401/403): a configuration error of the API, not of the caller.',
    fix: 'Check `introspection.client` (client id, secret or key, authentication method) against the client registered at the IdP.',
  },
  introspection_response_invalid: {
    ...unavailable,
    cause: 'The introspection response was unusable: not JSON, no boolean `active`, or a JWT response (RFC 9701) that did not verify.',
    fix: 'Check the configured introspection endpoint; it must answer RFC 7662 JSON (or a signed RFC 9701 JWT when `jwtResponse` is on).',
  },
  introspection_budget_exceeded: {
    ...unavailable,
    cause: 'More unknown tokens arrived in the last second than `introspection.maxCallsPerSecond` allows; they are not queued.',
    fix: 'Retry after the Retry-After delay. A flood of new tokens is unusual: look for a client that does not reuse its token, or raise the budget.',
  },
  introspection_not_offered: {
    ...unavailable,
    cause: 'The issuer\'s discovery document names no `introspection_endpoint` (or not an https URL).',
    fix: 'Configure `introspection.endpoint` for the issuer, or enable introspection at the IdP.',
  },
} as const satisfies Record<string, FailureInfo>;
