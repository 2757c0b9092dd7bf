import type { FailureCode } from './failure-codes.js';

/** Facts about a failure that logs, metrics and descriptions may use. Never the token. */
export interface FailureDetails {
  hint?: string;
  issuer?: string;
  kid?: string;
  alg?: string;
  subject?: string;
  clientId?: string;
  requiredScopes?: readonly string[];
  missingScopes?: readonly string[];
  /** Scopes a 401 challenge names so the client asks for them (`scopeInChallenge`). */
  challengeScopes?: readonly string[];
  /** RFC 9470 step-up: the authentication contexts the route accepts, in order of preference. */
  acrValues?: readonly string[];
  /** RFC 9470 step-up: the longest time since the user's authentication, in seconds. */
  maxAge?: number;
  /** True when the failure came after the signature verified (the claims are the issuer's). */
  signatureVerified?: boolean;
  /** Seconds the client should wait (503). */
  retryAfterSeconds?: number;
  /** The scheme the request used, when it was DPoP: the error goes into the DPoP challenge. */
  scheme?: 'bearer' | 'dpop';
  /** A server nonce for the client (RFC 9449 §9), sent as `DPoP-Nonce`. */
  dpopNonce?: string;
  cause?: unknown;
}

/**
 * The one internal failure value: every stage of the pipeline returns it (never throws it) when a
 * request cannot be let on. It becomes the http-errors answer in one place (`pipeline/report.ts`).
 * Claim and decode failures are the same shape without facts.
 */
export interface Failure {
  readonly code: FailureCode;
  readonly description: string;
  readonly facts?: FailureDetails;
}

/** Tells a failure from a stage's other results, none of which has a `code`. */
export function isFailure(value: object): value is Failure {
  return 'code' in value;
}

/** Adds who the token speaks for, once the signature has made those claims facts. */
export function addIdentity(facts: FailureDetails, identity: { readonly subject?: string | undefined; readonly clientId?: string | undefined }): FailureDetails {
  if (identity.subject) facts.subject = identity.subject;
  if (identity.clientId) facts.clientId = identity.clientId;
  return facts;
}
