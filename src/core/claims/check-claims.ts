import { formatSeconds, isoSeconds } from '../lib/duration.js';
import { typNaming } from '../jws/typ-names.js';
import type { Failure } from '../errors/failure.js';
import { describeList, describeValue } from '../lib/describe-value.js';

/** What the claims of a token are checked against. */
export interface ClaimExpectations {
  /** Accepted audiences, or null when the check is deliberately off. */
  audiences: readonly string[] | null;
  toleranceSec: number;
  /** RFC 9068 strict mode: header `typ` must be `at+jwt`. */
  strict: boolean;
  /**
   * The `cnf` members a per-request check verifies (`jkt` with DPoP on, `x5t#S256` with mTLS on).
   * A token bound any other way is refused here: nothing would check its binding.
   */
  boundBy?: ReadonlySet<string>;
}

/** A claim check's failure: the pipeline's failure value, without facts. */
export type ClaimFailure = Failure;

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** `typ` compared as RFC 7515 §4.1.9 says: case-insensitive, `application/` implied. */
const isAccessTokenType = typNaming('at+jwt');

/** Formatted only for a failure, never on the path of a valid token. */
function toleranceText(toleranceSec: number): string {
  return `clock tolerance ${formatSeconds(toleranceSec)}`;
}

/** exp (required), nbf and iat, all with one tolerance. */
export function checkTimes(payload: Record<string, unknown>, nowSec: number, toleranceSec: number): ClaimFailure | undefined {
  const { exp, nbf, iat } = payload;
  if (exp === undefined) return { code: 'expiry_missing', description: 'The token has no exp claim; tokens without an expiry are refused' };
  if (!isNumericDate(exp)) return { code: 'claim_invalid', description: 'The token exp claim is not a number of seconds' };
  if (nowSec - toleranceSec >= exp) {
    return {
      code: 'token_expired',
      description: `The token expired ${formatSeconds(nowSec - exp)} ago at ${isoSeconds(exp)} (now ${isoSeconds(nowSec)}, ${toleranceText(toleranceSec)})`,
    };
  }
  if (nbf !== undefined) {
    if (!isNumericDate(nbf)) return { code: 'claim_invalid', description: 'The token nbf claim is not a number of seconds' };
    if (nbf > nowSec + toleranceSec) {
      return {
        code: 'token_not_yet_valid',
        description: `The token is not valid until ${isoSeconds(nbf)}, ${formatSeconds(nbf - nowSec)} from now (${toleranceText(toleranceSec)}); check the clocks of this server and the IdP`,
      };
    }
  }
  if (iat !== undefined) {
    if (!isNumericDate(iat)) return { code: 'claim_invalid', description: 'The token iat claim is not a number of seconds' };
    if (iat > nowSec + toleranceSec) {
      return {
        code: 'token_issued_in_future',
        description: `The token was issued ${formatSeconds(iat - nowSec)} in the future at ${isoSeconds(iat)} (${toleranceText(toleranceSec)}); check the clocks of this server and the IdP`,
      };
    }
  }
  return undefined;
}

/** `aud` (string or array) must contain one accepted audience, compared exactly. */
export function checkAudience(payload: Record<string, unknown>, audiences: readonly string[] | null): ClaimFailure | undefined {
  if (audiences === null) return undefined;
  const aud = payload.aud;
  if (aud === undefined) {
    return { code: 'audience_missing', description: `The token has no aud claim; this API accepts ${describeList(audiences)}` };
  }
  const presented = typeof aud === 'string' ? [aud] : aud;
  if (!Array.isArray(presented) || !presented.every((a) => typeof a === 'string')) {
    return { code: 'claim_invalid', description: 'The token aud claim is neither a string nor an array of strings' };
  }
  if (presented.some((a) => audiences.includes(a))) return undefined;
  if (presented.length === 0) {
    return { code: 'audience_missing', description: `The token aud claim is empty; this API accepts ${describeList(audiences)}` };
  }
  return {
    code: 'audience_mismatch',
    description: `The token audience ${describeList(presented)} is not accepted; this API accepts ${describeList(audiences)}`,
  };
}

/**
 * The claim checks of one token, as a pure function of the token, the expectations and the time.
 * Signature and issuer are checked before this.
 */
export function checkClaims(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  expect: ClaimExpectations,
  nowSec: number,
): ClaimFailure | undefined {
  if (expect.strict && !isAccessTokenType(header.typ)) {
    return {
      code: 'typ_mismatch',
      description: `The token typ is ${header.typ === undefined ? 'missing' : describeValue(header.typ)}; strict mode requires at+jwt (RFC 9068)`,
    };
  }
  const times = checkTimes(payload, nowSec, expect.toleranceSec);
  if (times) return times;
  // Before the audience: an ID token's aud is the client id, and 'ID token' is the useful answer.
  const idTokenSign = payload.nonce !== undefined ? 'a nonce claim' : payload.token_use === 'id' ? 'token_use=id' : payload.typ === 'ID' ? 'typ ID' : undefined;
  if (idTokenSign) {
    return {
      code: 'id_token_presented',
      description: `An ID token was presented as an access token (it has ${idTokenSign}); send the access token`,
    };
  }
  const audience = checkAudience(payload, expect.audiences);
  if (audience) return audience;
  const cnf = payload.cnf;
  if (cnf !== undefined && !isCheckedBinding(cnf, expect.boundBy)) {
    return {
      code: 'token_sender_constrained',
      description: 'The token is bound to a key or certificate (cnf claim) and cannot be used as a plain Bearer token',
    };
  }
  return undefined;
}

/** True when every member of `cnf` names a binding that a per-request check verifies. */
function isCheckedBinding(cnf: unknown, boundBy: ReadonlySet<string> | undefined): boolean {
  if (!boundBy || typeof cnf !== 'object' || cnf === null || Array.isArray(cnf)) return false;
  const members = Object.keys(cnf);
  return members.length > 0 && members.every((name) => boundBy.has(name));
}
