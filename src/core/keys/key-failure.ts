import type { Failure, FailureDetails } from '../errors/failure.js';
import { describeValue } from '../lib/describe-value.js';
import { KeyLookupProblem } from './key-lookup-problem.js';
import { KeySourceFailure } from './key-source-failure.js';

/**
 * What the key store's refusal means for the client, in words: a `kid` nobody publishes, a missing
 * `kid` among several keys, or a key that cannot verify `alg` (401); keys that cannot be had (503,
 * with the wait). Anything else is not a key problem and is thrown on.
 */
export function keyFailure(error: unknown, issuer: string, facts: FailureDetails, now: number): Failure {
  const { kid, alg } = facts;
  if (error instanceof KeyLookupProblem) {
    const description =
      error.problem === 'kid_unknown'
        ? `No signing key with kid ${describeValue(kid, 64)} is published by ${issuer}, even after refreshing its keys`
        : error.problem === 'kid_missing'
          ? `The token header has no kid and ${issuer} publishes several keys; ${error.reason}`
          : `The key ${describeValue(kid, 64)} of ${issuer} cannot verify ${alg}: ${error.reason}`;
    return { code: error.problem, description, facts };
  }
  if (error instanceof KeySourceFailure) {
    return { code: error.code, description: error.description, facts: { ...facts, retryAfterSeconds: (error.retryAt - now) / 1000 } };
  }
  throw error;
}
