import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Jwk } from '../core/keys/jwk.js';
import { jwkThumbprint } from '../core/dpop/jwk-thumbprint.js';

/** Asymmetric algorithms the test issuer holds keys for, one key per algorithm (RFC 8725 §3.1). */
export type AsymmetricAlgorithm = 'RS256' | 'PS256' | 'ES256' | 'EdDSA';

/** Every algorithm a test token can carry, including the ones a verifier must refuse. */
export type TokenAlgorithm = AsymmetricAlgorithm | 'HS256' | 'none';

/** A public JWK as published in the JWKS, always with `kid`, `alg` and `use`. */
export type PublishedJwk = Jwk & { kid: string; alg: AsymmetricAlgorithm; use: 'sig' };

/** @internal */
export interface SigningKey {
  readonly kid: string;
  readonly alg: AsymmetricAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly jwk: PublishedJwk;
}

/** @internal */
export interface KeyRing {
  /** The key tokens of `alg` are signed with by default. */
  current(alg: AsymmetricAlgorithm): SigningKey;
  /** A published key by `kid` (current, kept-after-rotation or added). */
  find(kid: string): SigningKey | undefined;
  /** A key of `alg` that is never published: "right kid, wrong key". */
  foreign(alg: AsymmetricAlgorithm): Promise<SigningKey>;
  publicJwks(): { keys: PublishedJwk[] };
  rotate(keepOld: boolean): Promise<void>;
  add(alg: AsymmetricAlgorithm): Promise<string>;
}

export const ASYMMETRIC_ALGORITHMS: readonly AsymmetricAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];

const generateKeyPairAsync = promisify(generateKeyPair);

/** Which key type can produce signatures for which algorithms. */
export function keyTypeOf(alg: AsymmetricAlgorithm): 'RSA' | 'EC' | 'OKP' {
  if (alg === 'RS256' || alg === 'PS256') return 'RSA';
  return alg === 'ES256' ? 'EC' : 'OKP';
}

/**
 * Creates a key ring with a fresh key for every {@link AsymmetricAlgorithm}.
 *
 * @internal
 */
export async function createKeyRing(): Promise<KeyRing> {
  let current = await generateFullSet();
  let published: SigningKey[] = [...current.values()];
  const foreignKeys = new Map<AsymmetricAlgorithm, Promise<SigningKey>>();

  return {
    current(alg) {
      const key = current.get(alg);
      if (!key) throw new TypeError(`No key for algorithm ${alg}`);
      return key;
    },
    find: (kid) => published.find((key) => key.kid === kid),
    foreign(alg) {
      // One foreign key per algorithm is enough and keeps repeated wrongKey() calls fast.
      let key = foreignKeys.get(alg);
      if (!key) {
        key = createSigningKey(alg);
        foreignKeys.set(alg, key);
      }
      return key;
    },
    publicJwks: () => ({ keys: published.map((key) => ({ ...key.jwk })) }),
    async rotate(keepOld) {
      const next = await generateFullSet();
      // New keys first: that is where real issuers put the key they sign with.
      published = keepOld ? [...next.values(), ...published] : [...next.values()];
      current = next;
    },
    async add(alg) {
      const key = await createSigningKey(alg);
      published = [...published, key];
      return key.kid;
    },
  };
}

async function generateFullSet(): Promise<Map<AsymmetricAlgorithm, SigningKey>> {
  const keys = await Promise.all(ASYMMETRIC_ALGORITHMS.map(createSigningKey));
  return new Map(keys.map((key) => [key.alg, key]));
}

async function createSigningKey(alg: AsymmetricAlgorithm): Promise<SigningKey> {
  const { publicKey, privateKey } = await generatePair(alg);
  const exported = publicKey.export({ format: 'jwk' }) as Jwk;
  // A key node:crypto exported always has its RFC 7638 members, so there is a thumbprint.
  const kid = jwkThumbprint(exported)!;
  const jwk: PublishedJwk = { ...exported, kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, jwk };
}

function generatePair(alg: AsymmetricAlgorithm): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  switch (keyTypeOf(alg)) {
    case 'RSA':
      return generateKeyPairAsync('rsa', { modulusLength: 2048 });
    case 'EC':
      return generateKeyPairAsync('ec', { namedCurve: 'P-256' });
    case 'OKP':
      return generateKeyPairAsync('ed25519', undefined);
  }
}
