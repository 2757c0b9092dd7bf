import { describeValue } from '../lib/describe-value.js';
import { isAsymmetricAlgorithm, isSymmetricAlgorithm } from './algorithms.js';

/** What the allowlist check needs to know about an issuer. */
export interface AlgorithmPolicy {
  readonly issuer: string;
  /** The accepted algorithms; every asymmetric one when `algorithmsFromKeys`. */
  readonly algorithms: ReadonlySet<string>;
  /** True when no `algorithms` option was given: the published key decides. */
  readonly algorithmsFromKeys: boolean;
}

/**
 * Says why a token's `alg` is refused before any key is looked up, or returns undefined when it
 * passes. Passing is not acceptance: the key named by `kid` must still fit the algorithm.
 */
export function algorithmProblem(alg: string, policy: AlgorithmPolicy): string | undefined {
  if (policy.algorithms.has(alg)) return undefined;
  const shown = isAsymmetricAlgorithm(alg) ? alg : describeValue(alg, 20);
  if (policy.algorithmsFromKeys) {
    if (isSymmetricAlgorithm(alg)) {
      return `The token is signed with ${alg}, a shared-secret algorithm; tokens from ${policy.issuer} must be signed with one of its published keys (HS* only with a configured secret, listed in algorithms)`;
    }
    return `The token is signed with ${shown}, which bearer-guard does not verify; tokens from ${policy.issuer} must use an algorithm that fits one of its published keys (RS*, PS*, ES*, EdDSA)`;
  }
  const allowed = [...policy.algorithms].join(', ');
  if (isSymmetricAlgorithm(alg)) {
    return `The token is signed with ${alg}, a shared-secret algorithm; tokens from ${policy.issuer} must be signed with ${allowed}`;
  }
  const hint = isAsymmetricAlgorithm(alg) ? ' (add it to algorithms, or remove the option to let the keys decide, if your IdP really signs with it)' : '';
  return `The token is signed with ${shown}; this API accepts ${allowed} from ${policy.issuer}${hint}`;
}
