import { configurationError as fail } from '../errors/configuration-error.js';
import { isAsymmetricAlgorithm, isSymmetricAlgorithm } from '../jws/algorithms.js';

/** The `signatureThreadPool` option: the asymmetric algorithms whose checks leave the main thread. */
export function resolveSignatureThreadPool(value: unknown): ReadonlySet<string> {
  if (value === undefined) return new Set();
  if (!Array.isArray(value)) fail("signatureThreadPool must be a list of algorithms such as ['ES256'] (or left out)");
  for (const alg of value) {
    if (typeof alg === 'string' && isSymmetricAlgorithm(alg)) {
      fail(`signatureThreadPool: ${alg} is an HMAC, cheaper to check than to hand to another thread; list asymmetric algorithms only`);
    }
    if (typeof alg !== 'string' || !isAsymmetricAlgorithm(alg)) {
      fail(`signatureThreadPool: unknown algorithm ${JSON.stringify(alg)}; use RS256/384/512, PS256/384/512, ES256/384/512, EdDSA or Ed25519`);
    }
  }
  return new Set(value as string[]);
}
