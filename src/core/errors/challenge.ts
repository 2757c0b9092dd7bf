import type { ChallengeError } from './failure-codes.js';

/** The parts of a `WWW-Authenticate: Bearer` challenge. */
export interface ChallengeParams {
  realm: string;
  resourceMetadata?: string | undefined;
  error?: ChallengeError | undefined;
  description?: string | undefined;
  /** Space-separated scopes, already validated against the RFC 6750 scope charset. */
  scope?: string | undefined;
  /** RFC 9470 `acr_values`: space-separated, each value in the RFC 6750 scope charset. */
  acrValues?: string | undefined;
  /** RFC 9470 `max_age`: seconds, a non-negative integer. */
  maxAge?: number | undefined;
}

/** The parameters that follow the error in a challenge. */
export type TrailingParams = Pick<ChallengeParams, 'scope' | 'acrValues' | 'maxAge'>;

/** Longest `error_description` we send; longer text is cut and ends in `...`. */
export const maxDescriptionLength = 300;

/**
 * Makes text safe for `error_description` (RFC 6750 §3: `%x20-21 / %x23-5B / %x5D-7E` only).
 * The grammar allows no escaping there, so we sanitize: `"` becomes `'`, `\` is dropped, control
 * and non-ASCII characters become `?`, runs of white space fold to one space, and the length is
 * capped. Values from unverified tokens pass through here before they reach a header.
 */
export function sanitizeDescription(text: string): string {
  let out = text
    .replace(/"/g, "'")
    .replace(/\\/g, '')
    .replace(/[\t\r\n]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (out.length > maxDescriptionLength) out = `${out.slice(0, maxDescriptionLength - 3)}...`;
  return out;
}

/** Quotes a value we control (realm, URLs) as an RFC 9110 quoted-string. */
function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * `Bearer realm="…"`, with `resource_metadata` when set: the start of every challenge, fixed by
 * configuration, so callers that answer many failures build it once.
 */
export function challengePrefix(params: Pick<ChallengeParams, 'realm' | 'resourceMetadata'>): string {
  const realm = `Bearer realm=${quote(params.realm)}`;
  return params.resourceMetadata ? `${realm}, resource_metadata=${quote(params.resourceMetadata)}` : realm;
}

/**
 * `DPoP realm="…", algs="…"` (RFC 9449 §7.1), with `resource_metadata` when set: the start of the
 * DPoP challenge of a verifier that accepts DPoP, fixed by configuration like the Bearer prefix.
 */
export function dpopChallengePrefix(params: Pick<ChallengeParams, 'realm' | 'resourceMetadata'> & { algs: string }): string {
  const realm = `DPoP realm=${quote(params.realm)}`;
  const start = params.resourceMetadata ? `${realm}, resource_metadata=${quote(params.resourceMetadata)}` : realm;
  return `${start}, algs=${quote(params.algs)}`;
}

/** The challenge prefixes a verifier offers: Bearer, DPoP, or both (DPoP `allowed`). */
export interface ChallengePrefixes {
  readonly bearer: string | null;
  readonly dpop: string | null;
}

/**
 * The whole `WWW-Authenticate` value when a verifier offers DPoP as well as (or instead of)
 * Bearer: one challenge per offered scheme (RFC 9449 §7.1), the error only in the challenge of the
 * scheme the request used (`errorScheme`), that challenge first; without an error, DPoP first.
 */
export function completeChallenges(
  prefixes: ChallengePrefixes,
  errorScheme: 'bearer' | 'dpop',
  error?: ChallengeError,
  safeDescription?: string,
  trailing?: TrailingParams,
): string {
  const { bearer, dpop } = prefixes;
  if (bearer === null || dpop === null) return completeChallenge((bearer ?? dpop)!, error, safeDescription, trailing);
  if (!error) return `${completeChallenge(dpop, undefined, undefined, trailing)}, ${completeChallenge(bearer, undefined, undefined, trailing)}`;
  return errorScheme === 'dpop'
    ? `${completeChallenge(dpop, error, safeDescription, trailing)}, ${bearer}`
    : `${completeChallenge(bearer, error, safeDescription, trailing)}, ${dpop}`;
}

/**
 * Completes a challenge from its prefix; `safeDescription` must come from `sanitizeDescription`,
 * and the trailing values are checked when configured (scopes and ACR values in the RFC 6750
 * scope charset, `maxAge` a non-negative integer), so they are written without escaping.
 */
export function completeChallenge(prefix: string, error?: ChallengeError, safeDescription?: string, trailing?: TrailingParams): string {
  let challenge = prefix;
  if (error) {
    challenge += `, error="${error}"`;
    if (safeDescription) challenge += `, error_description="${safeDescription}"`;
  }
  if (trailing) {
    if (trailing.scope) challenge += `, scope="${trailing.scope}"`;
    if (trailing.acrValues) challenge += `, acr_values="${trailing.acrValues}"`;
    if (trailing.maxAge !== undefined) challenge += `, max_age="${trailing.maxAge}"`;
  }
  return challenge;
}

/**
 * Builds the one `WWW-Authenticate` value for a Bearer challenge. Every challenge string is made
 * by this function or by `completeChallenge`, which it uses.
 */
export function buildChallenge(params: ChallengeParams): string {
  const description = params.description ? sanitizeDescription(params.description) : undefined;
  return completeChallenge(challengePrefix(params), params.error, description, params);
}
