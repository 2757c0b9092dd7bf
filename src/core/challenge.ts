import type { ChallengeError } from './failure-codes.js';

/** The parts of a `WWW-Authenticate: Bearer` challenge. */
export interface ChallengeParams {
  realm: string;
  resourceMetadata?: string | undefined;
  error?: ChallengeError | undefined;
  description?: string | undefined;
  /** Space-separated scopes, already validated against the RFC 6750 scope charset. */
  scope?: string | undefined;
}

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
 * Builds the one `WWW-Authenticate` value for a Bearer challenge. This is the only place a
 * challenge string is made.
 */
export function buildChallenge(params: ChallengeParams): string {
  const parts = [`realm=${quote(params.realm)}`];
  if (params.resourceMetadata) parts.push(`resource_metadata=${quote(params.resourceMetadata)}`);
  if (params.error) {
    parts.push(`error="${params.error}"`);
    if (params.description) parts.push(`error_description="${sanitizeDescription(params.description)}"`);
  }
  if (params.scope) parts.push(`scope="${params.scope}"`);
  return `Bearer ${parts.join(', ')}`;
}
