import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';

/** Signing algorithms the harness makes keys for (oidc-provider signs access tokens with each). */
export type ProviderAlgorithm =
  | 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA' | 'Ed25519';

/** A provider signing key: the private JWK oidc-provider loads, the public one it publishes. */
export interface ProviderKey {
  readonly kid: string;
  readonly alg: ProviderAlgorithm;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
  readonly privateKey: KeyObject;
}

const generate = promisify(generateKeyPair);

function pairFor(alg: ProviderAlgorithm): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  if (alg.startsWith('RS') || alg.startsWith('PS')) return generate('rsa', { modulusLength: 2048 });
  if (alg === 'EdDSA' || alg === 'Ed25519') return generate('ed25519', undefined);
  const namedCurve = alg === 'ES256' ? 'P-256' : alg === 'ES384' ? 'P-384' : 'P-521';
  return generate('ec', { namedCurve });
}

/**
 * A fresh key for `alg`, with a thumbprint `kid`. `withAlg: false` publishes the JWK without
 * `alg`, as Entra ID and Okta do, so the verifier must decide from the key type alone.
 */
export async function createProviderKey(alg: ProviderAlgorithm, { withAlg = true } = {}): Promise<ProviderKey> {
  const { publicKey, privateKey } = await pairFor(alg);
  const base = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(base);
  const tags = { kid, use: 'sig', ...(withAlg ? { alg } : {}) };
  return {
    kid,
    alg,
    publicJwk: { ...base, ...tags },
    privateJwk: { ...(privateKey.export({ format: 'jwk' }) as JWK), ...tags },
    privateKey,
  };
}
