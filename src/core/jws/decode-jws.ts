import type { Failure } from '../errors/failure.js';
import { deepFreeze } from '../lib/deep-freeze.js';
import { findDuplicateMember, hasDuplicateMember } from './json-duplicates.js';

/** A compact JWS split and decoded, not yet verified. */
export interface DecodedJws {
  /** Frozen: a verifier's decoder shares decoded headers between tokens that carry the same header text. */
  header: Readonly<Record<string, unknown>>;
  payload: Record<string, unknown>;
  /** `base64url(header) + '.' + base64url(payload)`: the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

/** Why a token could not be decoded. */
export type DecodeFailure = Failure & { code: 'token_malformed' | 'token_encrypted' };

const base64url = /^[A-Za-z0-9_-]*$/;
/** The shape of every token worth decoding, checked in one pass; other shapes are told apart only on failure. */
const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Decoded headers by their base64url text (see {@link createJwsDecoder}). */
type HeaderMemo = Map<string, Readonly<Record<string, unknown>>>;
const headerMemoEntries = 32;
const headerMemoMaxLength = 512;

function decodeHeader(segment: string, memo: HeaderMemo | undefined): Readonly<Record<string, unknown>> | string {
  const known = memo?.get(segment);
  if (known) return known;
  const header = decodeJsonObject(segment, 'header');
  if (typeof header === 'string') return header;
  deepFreeze(header);
  if (memo && segment.length <= headerMemoMaxLength) {
    if (memo.size >= headerMemoEntries) memo.delete(memo.keys().next().value!);
    memo.set(segment, header);
  }
  return header;
}

function decodeJsonObject(segment: string, what: string): Record<string, unknown> | string {
  let text: string;
  let value: unknown;
  try {
    text = Buffer.from(segment, 'base64url').toString('utf8');
    value = JSON.parse(text);
  } catch {
    return `the token ${what} is not base64url-encoded JSON`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `the token ${what} is not a JSON object`;
  if (hasDuplicateMember(text, value)) {
    const duplicate = findDuplicateMember(text);
    return duplicate === undefined ? `the token ${what} repeats a member name` : `the token ${what} has the member '${duplicate}' twice`;
  }
  return value as Record<string, unknown>;
}

/**
 * Splits and decodes a compact JWS (RFC 7515 §7.1): exactly three base64url segments, a JSON
 * object header and payload without duplicate members. JWE (five segments), JSON serialization
 * and anything else are refused before any key is looked up.
 *
 * @example
 * ```ts
 * const decoded = decodeJws(token);
 * if (!('code' in decoded)) console.log(decoded.header.kid, decoded.payload.iss);
 * ```
 */
export function decodeJws(token: string): DecodedJws | DecodeFailure {
  return decodeWith(token, undefined);
}

/**
 * A {@link decodeJws} that keeps the last 32 decoded headers (each from at most 512 characters) by
 * their text, for one verifier: an issuer's tokens carry a handful of distinct headers (one per
 * signing key), so most tokens skip decoding theirs. Decoding is a pure function of the text and
 * the values are frozen, so sharing them is safe; a flood of distinct headers only recycles it.
 */
export function createJwsDecoder(): (token: string) => DecodedJws | DecodeFailure {
  const memo: HeaderMemo = new Map();
  return (token) => decodeWith(token, memo);
}

function decodeWith(token: string, memo: HeaderMemo | undefined): DecodedJws | DecodeFailure {
  if (!compactJws.test(token)) return describeOtherShape(token);
  const headerEnd = token.indexOf('.');
  const payloadEnd = token.indexOf('.', headerEnd + 1);
  const header = decodeHeader(token.slice(0, headerEnd), memo);
  if (typeof header === 'string') return { code: 'token_malformed', description: `The token is not a JWT: ${header}` };
  const payload = decodeJsonObject(token.slice(headerEnd + 1, payloadEnd), 'payload');
  if (typeof payload === 'string') return { code: 'token_malformed', description: `The token is not a JWT: ${payload}` };
  return { header, payload, signingInput: token.slice(0, payloadEnd), signature: Buffer.from(token.slice(payloadEnd + 1), 'base64url') };
}

/** Why a token that is not three base64url parts (the first two non-empty) was refused. */
function describeOtherShape(token: string): DecodeFailure {
  const parts = token.split('.');
  if (parts.length === 5 && parts.every((p) => base64url.test(p))) {
    return { code: 'token_encrypted', description: 'The token is encrypted (JWE) or opaque, not a signed JWT' };
  }
  return {
    code: 'token_malformed',
    description: `The token is not a JWT: expected 3 base64url parts separated by dots, got ${parts.length}`,
  };
}
