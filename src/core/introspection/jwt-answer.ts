import type { KeyObject } from 'node:crypto';
import { typNaming } from '../jws/typ-names.js';
import { isAsymmetricAlgorithm } from '../jws/algorithms.js';
import { decodeJws } from '../jws/decode-jws.js';
import { verifySignature } from '../jws/verify-signature.js';
import { describeValue } from '../lib/describe-value.js';
import { answerFromMembers, type IntrospectionAnswer } from './introspection-answer.js';

/** What a JWT introspection response (RFC 9701) is checked against. */
export interface JwtAnswerExpectations {
  /** The issuer asked: the response's `iss`. */
  issuer: string;
  /** This API's client id at the issuer: the response's `aud` should name it (RFC 9701 §5)... */
  clientId: string;
  /** ...or one of the audiences this API accepts (servers that address the response to the resource). */
  audiences: readonly string[];
  /** Algorithms accepted from this issuer; only asymmetric ones sign responses. */
  algorithms: ReadonlySet<string>;
  /** The issuer's published keys for `kid` and `alg` (the same key store that verifies its JWTs). */
  keysFor(kid: string | undefined, alg: string): Promise<KeyObject[]>;
  toleranceSec: number;
}

const isIntrospectionJwtType = typNaming('token-introspection+jwt');

/**
 * Reads a JWT introspection response (RFC 9701 §5): a JWS of the issuer with `typ`
 * `token-introspection+jwt`, `iss` the issuer, `aud` our client id, an `iat`, and the RFC 7662
 * members in `token_introspection`. Anything that does not verify is unusable (a 503, as for any
 * response we cannot trust), never a verdict on the token.
 */
export async function answerFromJwt(text: string, expect: JwtAnswerExpectations, nowSec: number): Promise<IntrospectionAnswer> {
  const decoded = decodeJws(text.trim());
  if ('code' in decoded) return { unusable: `the JWT response is not a signed JWT (${decoded.description})` };
  const { header, payload } = decoded;
  if (!isIntrospectionJwtType(header.typ)) return { unusable: `the JWT response has typ ${describeValue(header.typ ?? '(none)', 60)}, not token-introspection+jwt` };
  const alg = header.alg;
  if (typeof alg !== 'string' || !isAsymmetricAlgorithm(alg) || !expect.algorithms.has(alg)) {
    return { unusable: `the JWT response is signed with ${describeValue(alg, 20)}, which is not accepted from ${expect.issuer}` };
  }
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  let keys: KeyObject[];
  try {
    keys = await expect.keysFor(kid, alg);
  } catch (error) {
    return { unusable: `no key of ${expect.issuer} to verify the JWT response with (${(error as Error).message})` };
  }
  if (!keys.some((key) => verifySignature(alg, key, decoded.signingInput, decoded.signature))) {
    return { unusable: `the JWT response signature does not verify with the keys of ${expect.issuer}` };
  }
  if (payload.iss !== expect.issuer) return { unusable: `the JWT response was issued by ${describeValue(payload.iss, 200)}, not ${expect.issuer}` };
  const aud = payload.aud;
  const names = (a: unknown) => a === expect.clientId || expect.audiences.includes(a as string);
  if (!(names(aud) || (Array.isArray(aud) && aud.some(names)))) {
    return { unusable: `the JWT response is addressed to ${describeValue(aud, 100)}, not to this API's client ${describeValue(expect.clientId, 100)}` };
  }
  if (typeof payload.iat !== 'number' || payload.iat > nowSec + expect.toleranceSec) {
    return { unusable: 'the JWT response has no iat, or one in the future' };
  }
  return answerFromMembers(payload.token_introspection);
}
