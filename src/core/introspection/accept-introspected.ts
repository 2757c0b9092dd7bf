import type { AcceptedToken, IssuerExpectations } from '../claims/accept-claims.js';
import { checkClaims, type ClaimFailure } from '../claims/check-claims.js';
import { readTokenScopes } from '../claims/scopes.js';
import { describeValue } from '../lib/describe-value.js';

/** An introspected token's result fields, without the token itself (they are cached by hash). */
export type IntrospectedToken = Omit<AcceptedToken, 'token'>;

const noHeader = Object.freeze({});

function memberString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The checks an active introspection response must pass before its token is accepted, as a pure
 * function of the response members, the issuer's expectations and the time. The authorization
 * server is trusted to say whether the token is active, not to know which API asks: `iss` (when
 * present) must be the issuer asked, `token_type` must not be a refresh token, and the time,
 * audience, ID-token and `cnf` rules are those of a locally verified JWT. `exp` is optional here
 * (RFC 7662 §2.2); without it the result is cached no longer than the configured maximum.
 */
export function acceptIntrospected(
  members: Record<string, unknown>,
  expect: IssuerExpectations,
  nowSec: number,
): { accepted: IntrospectedToken; failure?: undefined } | { accepted?: undefined; failure: ClaimFailure & { subject?: string; clientId?: string } } {
  const subject = memberString(members.sub);
  const clientId = memberString(members.client_id);
  const who = { ...(subject ? { subject } : {}), ...(clientId ? { clientId } : {}) };
  const { active: _active, ...claims } = members;
  if (claims.iss !== undefined && claims.iss !== expect.issuer) {
    return {
      failure: {
        code: 'introspection_issuer_mismatch',
        description: `The introspection endpoint of ${expect.issuer} says the token was issued by ${describeValue(claims.iss, 200)}`,
        ...who,
      },
    };
  }
  const tokenType = memberString(claims.token_type)?.toLowerCase();
  if (tokenType === 'refresh_token' || tokenType === 'refresh') {
    return { failure: { code: 'refresh_token_presented', description: 'A refresh token was presented as an access token; send the access token', ...who } };
  }
  // checkClaims requires exp, as it must for a JWT; here an absent exp means "ask the IdP again soon".
  const timed = claims.exp === undefined ? { ...claims, exp: Number.MAX_SAFE_INTEGER } : claims;
  const problem = checkClaims(noHeader, timed, { ...expect, strict: false }, nowSec);
  const scopes = problem ? undefined : readTokenScopes(claims, expect.permissionsAsScopes);
  if (!scopes) {
    const failure = problem ?? { code: 'claim_invalid' as const, description: 'The introspection response\'s scope member is not a space-separated string' };
    return { failure: { ...failure, ...who } };
  }
  if (claims.iss === undefined) claims.iss = expect.issuer;
  const accepted: IntrospectedToken = { header: noHeader, claims, scopes, issuer: expect.issuer, ...who };
  return { accepted };
}
