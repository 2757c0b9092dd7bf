import createHttpError from 'http-errors';
import { challengePrefix, completeChallenges, dpopChallengePrefix, sanitizeDescription, type ChallengePrefixes, type TrailingParams } from './challenge.js';
import type { FailureDetails } from './failure.js';
import { failureCodes, type ChallengeError, type FailureCode, type FailureInfo } from './failure-codes.js';

export type { FailureDetails } from './failure.js';

/** The JSON body bearer-guard answers failures with. */
export interface AuthErrorBody {
  /** RFC 6750 error code; absent when the request had no usable credentials. */
  error?: ChallengeError;
  error_description: string;
  /** Stable machine code, see `failureCodes`. */
  code: FailureCode;
  /** Extra advice that must not go into the header (e.g. about the query string). */
  hint?: string;
  /** For 403: the scopes the token lacks. */
  missing_scopes?: string[];
}

/**
 * Every failure bearer-guard reports: an `http-errors` instance (so Express's and Koa's error
 * handlers render it) with `status`, `expose`, a stable `code`, the RFC 6750 `error`, a sanitized
 * `description`, the response `headers` (`WWW-Authenticate` or `Retry-After`, `Cache-Control`) and
 * the JSON `body` to send. It carries no stack trace: a refused token is an answer, not a bug in
 * the code that refused it, and `code` plus `description` say what happened.
 */
export interface BearerGuardError extends Error {
  /** The HTTP status to answer with: 400, 401, 403 or 503. */
  status: number;
  /** The same as `status` (http-errors sets both; some error handlers read this one). */
  statusCode: number;
  /** Always true: the message is meant for the client (Koa and Express then send it). */
  expose: boolean;
  code: FailureCode;
  error?: ChallengeError;
  description: string;
  headers: Record<string, string>;
  body: AuthErrorBody;
  details: FailureDetails;
}

/** Where challenges point: the realm and, for MCP servers, RFC 9728 resource metadata. */
export interface ChallengeContext {
  realm: string;
  resourceMetadata?: string | undefined;
  /** Set when DPoP is on: the proof algorithms (`algs`), and whether Bearer is no longer offered. */
  dpop?: { readonly algs: string; readonly required: boolean } | undefined;
  /** Space-separated scopes named in 401 challenges when no route-specific ones are known. */
  scope?: string | undefined;
}

const marker = Symbol.for('bearer-guard.error');
const contextOf = Symbol.for('bearer-guard.challenge-context');

/** Challenge prefixes by context: a verifier's context lives as long as it does, so its prefixes are built once. */
const prefixes = new WeakMap<ChallengeContext, ChallengePrefixes>();

function prefixesFor(context: ChallengeContext): ChallengePrefixes {
  let built = prefixes.get(context);
  if (built === undefined) {
    const { dpop } = context;
    built = { bearer: dpop?.required ? null : challengePrefix(context), dpop: dpop ? dpopChallengePrefix({ ...context, algs: dpop.algs }) : null };
    prefixes.set(context, built);
  }
  return built;
}

/** True when `value` is a failure produced by bearer-guard. */
export function isBearerGuardError(value: unknown): value is BearerGuardError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}

function trailingParams(context: ChallengeContext, code: FailureCode, info: FailureInfo, details: FailureDetails): TrailingParams | undefined {
  if (code === 'scope_missing') return { scope: details.requiredScopes?.join(' ') };
  if (info.status !== 401) return undefined;
  const scope = details.challengeScopes ? details.challengeScopes.join(' ') : context.scope;
  if (info.error !== 'insufficient_user_authentication') return scope ? { scope } : undefined;
  return { scope, acrValues: details.acrValues?.join(' '), maxAge: details.maxAge };
}

/**
 * The same 401 with the scopes a route needs in its challenge (`scope="…"`), so the client asks
 * for them; other failures are returned unchanged. Nothing is reported again to the hooks.
 */
export function withChallengeScopes(error: BearerGuardError, scopes: readonly string[]): BearerGuardError {
  const context = (error as unknown as Record<symbol, ChallengeContext | undefined>)[contextOf];
  if (error.status !== 401 || !context) return error;
  return createAuthError(context, error.code, error.description, { ...error.details, challengeScopes: scopes });
}

/**
 * Creates the error for a failure code. The description is sanitized once here and used for the
 * message, the header and the body alike.
 */
export function createAuthError(
  context: ChallengeContext,
  code: FailureCode,
  description: string,
  details: FailureDetails = {},
): BearerGuardError {
  const info: FailureInfo = failureCodes[code];
  const safe = sanitizeDescription(description);
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (info.status === 503) {
    const seconds = Number.isFinite(details.retryAfterSeconds) ? details.retryAfterSeconds! : 1;
    headers['Retry-After'] = String(Math.max(1, Math.ceil(seconds)));
  } else {
    const errorScheme = info.scheme === 'DPoP' || details.scheme === 'dpop' ? 'dpop' : 'bearer';
    headers['WWW-Authenticate'] = completeChallenges(prefixesFor(context), errorScheme, info.error, safe, trailingParams(context, code, info, details));
  }
  if (details.dpopNonce) headers['DPoP-Nonce'] = details.dpopNonce;
  const body: AuthErrorBody = { code, error_description: safe };
  if (info.error) body.error = info.error;
  if (details.hint) body.hint = sanitizeDescription(details.hint);
  if (details.missingScopes) body.missing_scopes = [...details.missingScopes];
  // Capturing a stack costs more than checking an RS256 signature; unauthenticated floods are
  // answered by the thousand, and the frames would only show bearer-guard's own internals.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let err: BearerGuardError;
  try {
    err = createHttpError(info.status, safe, { expose: true, code, description: safe, headers, body, details }) as BearerGuardError;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  if (info.error) err.error = info.error;
  Object.defineProperty(err, marker, { value: true });
  Object.defineProperty(err, contextOf, { value: context });
  if (details.cause !== undefined) Object.defineProperty(err, 'cause', { value: details.cause });
  return err;
}
