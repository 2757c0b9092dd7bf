import { readProof } from '../dpop/proof-header.js';
import type { FailureCode } from '../errors/failure-codes.js';

/** What the core needs to know about a request to find its token. Adapters fill it in. */
export interface RequestCredentials {
  /**
   * Header lines as Node's `rawHeaders` (`[name, value, name, value, …]`). Node keeps only one
   * `Authorization` line in `headers`; the raw list is how a second line is detected.
   */
  rawHeaders?: readonly string[];
  /** The Authorization header, when raw headers are not available. */
  authorization?: string | readonly string[];
  method?: string;
  /** The request's `Content-Type`. */
  contentType?: string;
  /** The body as the app's body parser left it (the form-body method reads `access_token`). */
  body?: unknown;
  /** True when the URL has an `access_token` query parameter (never used, only named in the hint). */
  hasQueryToken?: boolean;
}

/** The outcome of looking for a token; `scheme` is set only for the DPoP scheme. */
export type Extraction =
  | { ok: true; token: string; scheme?: 'dpop' }
  | { ok: false; code: FailureCode; description: string; hint?: string };

/** How the token may be presented: the Bearer scheme only (default), or also or only DPoP. */
export type DpopMode = 'off' | 'allowed' | 'required';

/** RFC 6750 b64token (same set as RFC 9110 token68). */
const b64token = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * True when the token is an RFC 6750 b64token. The pattern has no nested repetition, so testing a
 * long value costs linear time.
 */
export function isB64token(token: string): boolean {
  return b64token.test(token);
}

/** Header names are case-insensitive; the usual spellings are recognized without a lower-case copy. */
function isAuthorizationName(name: string): boolean {
  return name === 'authorization' || name === 'Authorization' || (name.length === 13 && name.toLowerCase() === 'authorization');
}

function authorizationLines(credentials: RequestCredentials): string[] {
  const raw = credentials.rawHeaders;
  if (raw) {
    const lines: string[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if (isAuthorizationName(raw[i]!)) lines.push(raw[i + 1]!);
    }
    return lines;
  }
  const value = credentials.authorization;
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/** The scheme of the request's one Authorization header, in lower case; '' without exactly one. */
export function authorizationScheme(credentials: RequestCredentials): string {
  const lines = authorizationLines(credentials);
  if (lines.length !== 1) return '';
  const value = trimSpacesAndTabs(lines[0]!);
  const space = value.search(/[ \t]/);
  return (space === -1 ? value : value.slice(0, space)).toLowerCase();
}

function bodyToken(credentials: RequestCredentials): string | undefined {
  const { body, method, contentType } = credentials;
  if (!body || typeof body !== 'object' || method === 'GET' || method === 'HEAD') return undefined;
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') return undefined;
  const value = (body as Record<string, unknown>).access_token;
  // Sent twice, the parameter arrives as an array: keep it so the caller can refuse it.
  return typeof value === 'string' ? value : Array.isArray(value) ? '' : undefined;
}

function noCredentials(credentials: RequestCredentials): Extraction {
  if (credentials.hasQueryToken) {
    return {
      ok: false,
      code: 'token_in_query',
      description: 'No bearer token in the Authorization header',
      hint: 'A token in the access_token query parameter is ignored (OAuth 2.1); send it as Authorization: Bearer <token>.',
    };
  }
  return { ok: false, code: 'token_missing', description: 'No bearer token in the Authorization header' };
}

/**
 * Finds the bearer token of a request by RFC 6750 §2 and OAuth 2.1 §5.1: the Authorization header
 * (scheme matched case-insensitively, one or more spaces before the token), optionally the form
 * body, never the query string. Two header lines or two methods are a malformed request.
 */
export function extractToken(credentials: RequestCredentials, options: ExtractionOptions = {}): Extraction {
  const { dpop = 'off' } = options;
  const found = extractPresentedToken(credentials, options, dpop);
  return dpop === 'off' ? found : applyDpopRules(found, credentials, dpop);
}

/** How {@link extractToken} looks for the token. */
export interface ExtractionOptions {
  /** Also take `access_token` from a form body (RFC 6750 §2.2). */
  acceptBody?: boolean;
  /** Longer well-formed tokens are refused as `token_too_large`. */
  maxLength?: number;
  dpop?: DpopMode;
  /**
   * Tokens already known to be well-formed b64tokens (the verified-token cache keeps only such
   * tokens), whose characters need no second look: a hit then costs no scan of a 1 KB token.
   */
  knownWellFormed?: (token: string) => boolean;
}

/**
 * RFC 9449 §7 on top of the extraction: a DPoP-scheme token needs exactly one `DPoP` header; a
 * proof with a Bearer token is a confused request; with `required`, Bearer counts as another
 * scheme (no usable credentials).
 */
function applyDpopRules(found: Extraction, credentials: RequestCredentials, dpop: 'allowed' | 'required'): Extraction {
  if (!found.ok) return found;
  const proof = readProof(credentials);
  if (found.scheme === 'dpop') {
    if ('proof' in proof) return found;
    return proof.problem === 'missing'
      ? { ok: false, code: 'dpop_proof_missing', description: 'The token is sent with the DPoP scheme but the request has no DPoP proof header' }
      : { ok: false, code: 'dpop_proof_duplicated', description: 'The request has more than one DPoP proof header' };
  }
  if (dpop === 'required') {
    return {
      ok: false,
      code: 'scheme_not_dpop',
      description: 'This API accepts only DPoP-bound tokens sent with the DPoP scheme',
      hint: 'Send the token as Authorization: DPoP <token> with a DPoP proof header.',
    };
  }
  if (!('problem' in proof && proof.problem === 'missing')) {
    return { ok: false, code: 'dpop_proof_with_bearer', description: 'The request has a DPoP proof header but sends the token with the Bearer scheme; use Authorization: DPoP' };
  }
  return found;
}

function extractPresentedToken(credentials: RequestCredentials, options: ExtractionOptions, dpop: DpopMode): Extraction {
  const { acceptBody = false, maxLength = 16_384, knownWellFormed } = options;
  const lines = authorizationLines(credentials);
  if (lines.length > 1) {
    return { ok: false, code: 'authorization_duplicated', description: 'The request has more than one Authorization header' };
  }
  const fromBody = acceptBody ? bodyToken(credentials) : undefined;
  const header = lines[0];
  if (fromBody === '') {
    return { ok: false, code: 'authorization_malformed', description: 'The access_token body parameter is empty or repeated' };
  }
  if (header === undefined || header.trim() === '') {
    if (fromBody !== undefined) return checkToken(fromBody, maxLength, knownWellFormed);
    return noCredentials(credentials);
  }
  const value = trimSpacesAndTabs(header);
  const space = value.search(/[ \t]/);
  const scheme = space === -1 ? value : value.slice(0, space);
  const schemeName = scheme.toLowerCase();
  const isDpop = dpop !== 'off' && schemeName === 'dpop';
  if (schemeName !== 'bearer' && !isDpop) {
    if (fromBody !== undefined) return checkToken(fromBody, maxLength, knownWellFormed);
    return {
      ok: false,
      code: 'scheme_not_bearer',
      description: dpop === 'off' ? 'The Authorization header does not use the Bearer scheme' : 'The Authorization header uses neither the Bearer nor the DPoP scheme',
      hint: dpop === 'off' ? 'Send the access token as Authorization: Bearer <token>.' : 'Send the access token as Authorization: DPoP <token> with a DPoP proof, or as Authorization: Bearer <token>.',
    };
  }
  if (fromBody !== undefined) {
    return { ok: false, code: 'token_multiple_methods', description: 'The token was sent in both the Authorization header and the body' };
  }
  let tokenStart = space === -1 ? value.length : space;
  let tab = false;
  for (; isSpaceOrTab(value, tokenStart); tokenStart++) if (value.charCodeAt(tokenStart) === 0x09) tab = true;
  const schemeLabel = isDpop ? 'DPoP' : 'Bearer';
  if (tab) {
    return { ok: false, code: 'authorization_malformed', description: `The Authorization header separates ${schemeLabel} from the token with a tab; use a space` };
  }
  const token = value.slice(tokenStart);
  if (token === '') {
    return { ok: false, code: 'authorization_malformed', description: `The Authorization header has the ${schemeLabel} scheme but no token` };
  }
  const checked = checkToken(token, maxLength, knownWellFormed);
  return isDpop && checked.ok ? { ok: true, token: checked.token, scheme: 'dpop' } : checked;
}

/**
 * Strips SP and HTAB from both ends. A loop, not `/[ \t]+$/`: that pattern backtracks over every
 * whitespace run that does not end the value, quadratic in a header an attacker controls.
 */
function trimSpacesAndTabs(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isSpaceOrTab(value, start)) start++;
  while (end > start && isSpaceOrTab(value, end - 1)) end--;
  return value.slice(start, end);
}

/** SP or HTAB at `i`; false past the end. */
function isSpaceOrTab(value: string, i: number): boolean {
  const code = value.charCodeAt(i);
  return code === 0x20 || code === 0x09;
}

/**
 * A value with characters outside b64token is a malformed request (400) whatever its length; only
 * a well-formed token is judged by its length (401 `token_too_large`).
 */
function checkToken(token: string, maxLength: number, knownWellFormed: ((token: string) => boolean) | undefined): Extraction {
  if (!knownWellFormed?.(token) && !isB64token(token)) {
    return {
      ok: false,
      code: 'authorization_malformed',
      description: 'The bearer token contains characters a token cannot have (spaces, quotes, commas or other non-base64url characters)',
    };
  }
  if (token.length > maxLength) {
    return { ok: false, code: 'token_too_large', description: `The token is ${token.length} characters long; the limit is ${maxLength}` };
  }
  return { ok: true, token };
}
