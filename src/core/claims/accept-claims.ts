import { addIdentity, type Failure, type FailureDetails } from '../errors/failure.js';
import { checkClaims, type ClaimExpectations } from './check-claims.js';
import { checkIdpClaims, explainAudienceFailure, tokenClientId, type IdpExpectations } from './idp-checks.js';
import type { ResolvedIssuer, ResolvedOptions } from '../options/resolve-options.js';
import { readTokenScopes } from './scopes.js';

/** The fields of a verified token's `AuthResult`. */
export interface AcceptedToken {
  token: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  scopes: string[];
  issuer: string;
  subject?: string;
  clientId?: string;
}

function claimString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** What an issuer's claims are checked against, built once per issuer at configuration time. */
export interface IssuerExpectations extends ClaimExpectations, IdpExpectations {
  issuer: string;
  permissionsAsScopes: boolean;
}

export function issuerExpectations(
  entry: ResolvedIssuer,
  options: Pick<ResolvedOptions, 'clockToleranceSec' | 'strict' | 'permissionsAsScopes'> & Partial<Pick<ResolvedOptions, 'dpop' | 'mtls'>>,
): IssuerExpectations {
  const boundBy = new Set<string>();
  if (options.dpop) boundBy.add('jkt');
  if (options.mtls) boundBy.add('x5t#S256');
  return {
    issuer: entry.issuer,
    audiences: entry.audiences,
    toleranceSec: options.clockToleranceSec,
    strict: options.strict,
    permissionsAsScopes: options.permissionsAsScopes,
    kind: entry.kind,
    clientIds: entry.clientIds,
    ...(boundBy.size > 0 ? { boundBy } : {}),
  };
}

/**
 * Everything checked once the signature verified: claims (time, audience, typ, ID-token and `cnf`
 * signs) and the scope claims' types. Returns the result's fields, or the failure with `facts`
 * completed by `subject` and `clientId`, which are facts only now (before the signature a forger
 * chooses them). The verifier and `bearer-guard inspect` share it so they cannot disagree.
 */
export function acceptClaims(
  token: string,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  expect: IssuerExpectations,
  nowSec: number,
  facts: FailureDetails,
): AcceptedToken | Failure {
  const subject = claimString(payload.sub);
  const clientId = tokenClientId(payload);
  const claimProblem = checkClaims(header, payload, expect, nowSec);
  const problem = claimProblem ? explainAudienceFailure(claimProblem, payload, expect.kind) : checkIdpClaims(payload, expect);
  const scopes = problem ? undefined : readTokenScopes(payload, expect.permissionsAsScopes);
  if (!scopes) {
    const { code, description } = problem ?? { code: 'claim_invalid', description: 'The token scp/scope claim is neither a string nor an array of strings' };
    return { code, description, facts: addIdentity(facts, { subject, clientId }) };
  }
  // The token's own iss: an issuer template's entry serves one issuer per tenant.
  const accepted: AcceptedToken = { token, header, claims: payload, scopes, issuer: payload.iss as string };
  if (subject) accepted.subject = subject;
  if (clientId) accepted.clientId = clientId;
  return accepted;
}
