import type { KeyObject } from 'node:crypto';
import { acceptClaims, issuerExpectations, type IssuerExpectations } from '../claims/accept-claims.js';
import { selectIssuer } from '../claims/select-issuer.js';
import { isFailure, type Failure, type FailureDetails } from '../errors/failure.js';
import { createJwsDecoder, type DecodedJws } from '../jws/decode-jws.js';
import { algorithmProblem } from '../jws/algorithm-allowed.js';
import { explainUnreadableToken, opaqueTokenHint } from '../jws/opaque-token-hint.js';
import { checkHeader, headerFacts } from '../jws/header-checks.js';
import { verifySignature, verifySignatureOnThreadPool } from '../jws/verify-signature.js';
import type { IssuerKeys } from '../keys/issuer-keys.js';
import { describeValue } from '../lib/describe-value.js';
import type { ResolvedIssuer, ResolvedOptions } from '../options/resolve-options.js';
import type { MaybePromise, TokenVerificationStrategy, VerifiedToken } from '../pipeline/strategy.js';

function verifiesWithAny(keys: readonly KeyObject[], alg: string, decoded: DecodedJws): boolean {
  for (const key of keys) if (verifySignature(alg, key, decoded.signingInput, decoded.signature)) return true;
  return false;
}

/** {@link verifiesWithAny} on libuv's thread pool, one key after another (usually there is one). */
async function verifiesWithAnyOnThreadPool(keys: readonly KeyObject[], alg: string, decoded: DecodedJws): Promise<boolean> {
  for (const key of keys) if (await verifySignatureOnThreadPool(alg, key, decoded.signingInput, decoded.signature)) return true;
  return false;
}

/** Compact JWS (three parts) or JWE (five): the shapes this strategy reads or can at least name. */
export function isJwtShaped(token: string): boolean {
  let dots = 0;
  for (let i = token.indexOf('.'); i !== -1; i = token.indexOf('.', i + 1)) dots++;
  return dots === 2 || dots === 4;
}

/**
 * JWT access tokens verified with the keys of an allowlisted issuer (RFC 9068, RFC 8725):
 * decode → header checks → select issuer → algorithm allowlist → keys → signature → claims.
 * Synchronous when the keys are at hand, which is the usual case.
 */
export function createJwtJwksStrategy(options: ResolvedOptions, keys: IssuerKeys): TokenVerificationStrategy {
  const { clock, clockToleranceSec, signatureThreadPool } = options;
  const decode = createJwsDecoder();
  const unreadableHint = opaqueTokenHint([...options.issuers.values()].map((entry) => entry.kind));
  const expectations = new Map<string, IssuerExpectations>();
  for (const entry of options.issuers.values()) expectations.set(entry.issuer, issuerExpectations(entry, options));

  function chooseIssuer(payload: Record<string, unknown>, facts: FailureDetails): ResolvedIssuer | Failure {
    const iss = payload.iss;
    if (typeof iss !== 'string') return { code: 'issuer_missing', description: 'The token has no iss claim', facts };
    const selected = selectIssuer(options.issuers, iss, payload);
    if (!('entry' in selected)) return { code: selected.code, description: selected.description, facts };
    facts.issuer = iss;
    return selected.entry;
  }

  function checkSigned(token: string, decoded: DecodedJws, keyList: KeyObject[], facts: FailureDetails, entry: ResolvedIssuer, generation: number, now: number): MaybePromise<VerifiedToken | Failure> {
    const alg = facts.alg!;
    if (signatureThreadPool.has(alg)) {
      return verifiesWithAnyOnThreadPool(keyList, alg, decoded).then((verified) => checkClaims(verified, token, decoded, facts, entry, generation, now));
    }
    return checkClaims(verifiesWithAny(keyList, alg, decoded), token, decoded, facts, entry, generation, now);
  }

  function checkClaims(verified: boolean, token: string, decoded: DecodedJws, facts: FailureDetails, entry: ResolvedIssuer, generation: number, now: number): VerifiedToken | Failure {
    const alg = facts.alg!;
    if (!verified) {
      const description = `The token signature does not verify with the ${alg} key ${describeValue(facts.kid ?? '(no kid)', 64)} of ${facts.issuer!}`;
      return { code: 'signature_invalid', description, facts };
    }
    facts.signatureVerified = true;
    // Keys and expectations belong to the entry: an issuer template's serves every tenant's iss.
    const checked = acceptClaims(token, decoded.header, decoded.payload, expectations.get(entry.issuer)!, Math.floor(now / 1000), facts);
    if (isFailure(checked)) return checked;
    return { accepted: checked, ...cachePolicy(decoded.payload, entry.issuer, alg, generation) };
  }

  /**
   * Until when the answer holds: exp plus tolerance, and no longer than the key set that verified
   * it is fresh (a fresh verification would refetch the keys then, and a key the IdP withdrew must
   * stop vouching). Never cached when another key set was adopted meanwhile.
   */
  function cachePolicy(payload: Record<string, unknown>, keyIssuer: string, alg: string, generation: number): { cacheUntil: number; stillCurrent: () => boolean } {
    const stillCurrent = () => keys.generation(keyIssuer) === generation;
    const tokenEnds = ((payload.exp as number) + clockToleranceSec) * 1000;
    return { cacheUntil: stillCurrent() ? Math.min(tokenEnds, keys.freshUntil(keyIssuer, alg)) : 0, stillCurrent };
  }

  return {
    name: 'jwt',
    recognizes: isJwtShaped,
    verify(token, now) {
      const decoded = decode(token);
      if (isFailure(decoded)) return explainUnreadableToken(decoded, token, unreadableHint);
      const facts = headerFacts(decoded.header);
      const problem = checkHeader(decoded.header, facts);
      if (problem) return problem;
      const entry = chooseIssuer(decoded.payload, facts);
      if (isFailure(entry)) return entry;
      const refused = algorithmProblem(facts.alg!, entry);
      if (refused) return { code: 'algorithm_not_allowed', description: refused, facts };
      const generation = keys.generation(entry.issuer);
      const ready = keys.ready(entry, facts.kid, facts.alg!, now);
      if (ready) return checkSigned(token, decoded, ready, facts, entry, generation, now);
      return keys.fetch(entry, facts).then((fetched) => (isFailure(fetched) ? fetched : checkSigned(token, decoded, fetched, facts, entry, generation, clock())));
    },
  };
}
