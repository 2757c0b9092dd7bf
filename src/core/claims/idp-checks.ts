import type { IssuerKind } from '../options/options.js';
import { describeList, describeValue } from '../lib/describe-value.js';
import type { ClaimFailure } from './check-claims.js';

/** What the IdP-specific checks need about an issuer. */
export interface IdpExpectations {
  kind: IssuerKind;
  /** Accepted clients, or null when any client will do. */
  clientIds: readonly string[] | null;
}

/** The client a token was issued to: `client_id` (RFC 9068, Cognito), Okta's `cid`, `azp`, Entra v1's `appid`. */
export function tokenClientId(payload: Record<string, unknown>): string | undefined {
  for (const name of ['client_id', 'cid', 'azp', 'appid'] as const) {
    const value = payload[name];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/**
 * Checks what an IdP's documentation asks resource servers to check beyond the standard claims:
 * Cognito's `token_use` must be `access`, and the client must be one of `clientIds` when given
 * (Cognito access tokens have no `aud`; the app client is what names the caller).
 */
export function checkIdpClaims(payload: Record<string, unknown>, expect: IdpExpectations): ClaimFailure | undefined {
  if (expect.kind === 'cognito' && payload.token_use !== 'access') {
    const tokenUse = payload.token_use === undefined ? 'missing' : describeValue(payload.token_use, 20);
    return {
      code: 'token_use_mismatch',
      description: `The token's token_use is ${tokenUse}; Cognito access tokens carry token_use=access`,
    };
  }
  if (expect.clientIds) {
    const client = tokenClientId(payload);
    if (client === undefined || !expect.clientIds.includes(client)) {
      const shown = client === undefined ? 'no client id (client_id, azp or appid)' : `client ${describeValue(client, 80)}`;
      return {
        code: 'client_not_allowed',
        description: `The token was issued to ${shown}; this API accepts tokens of the app clients ${describeList(expect.clientIds)}`,
      };
    }
  }
  return undefined;
}

/**
 * Adds the IdP's usual cause to an audience failure. Keycloak puts `aud: account` (its account
 * console) in access tokens unless the client has an audience mapper for the API.
 */
export function explainAudienceFailure(failure: ClaimFailure, payload: Record<string, unknown>, kind: IssuerKind): ClaimFailure {
  if (kind !== 'keycloak' || (failure.code !== 'audience_mismatch' && failure.code !== 'audience_missing')) return failure;
  const aud = payload.aud;
  const onlyAccount = aud === 'account' || (Array.isArray(aud) && aud.length === 1 && aud[0] === 'account');
  const cause = onlyAccount ? "Keycloak's default audience is account" : 'Keycloak adds an API to aud only through an audience mapper';
  return {
    code: failure.code,
    description: `${failure.description}. ${cause}: in the client (or a client scope it uses), add a mapper of type Audience with Included Client Audience or Included Custom Audience set to this API`,
  };
}
