import { createHash, generateKeyPair, randomUUID, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Jwk as JWK } from '../core/keys/jwk.js';
import { jwkThumbprint } from '../core/dpop/jwk-thumbprint.js';
import { toNowFunction, type ClockSource } from './clock.js';
import { signJws, type JwsSigner } from './sign-jws.js';
import { mergeDeletingUndefined } from './tokens.js';

/** Algorithms a test DPoP key can sign proofs with. */
export type DpopKeyAlgorithm = 'ES256' | 'RS256' | 'PS256' | 'EdDSA';

/** Options of {@link createDpopKey}. */
export interface DpopKeyOptions {
  /** Proof signing algorithm. Default `'ES256'`, what most DPoP clients use. */
  alg?: DpopKeyAlgorithm;
  /** Time source for the proofs' `iat` (epoch ms), e.g. the test clock. Default `Date.now`. */
  clock?: ClockSource;
}

/** What one proof is for, and how to spoil it. */
export interface DpopProofOptions {
  /** HTTP method of the request (`htm`). Default `'GET'`. */
  method?: string;
  /** Absolute URL of the request (`htu`); its query and fragment are left out, as RFC 9449 says. */
  url: string;
  /** The access token sent with the proof: sets `ath`. Omit for a proof without `ath`. */
  accessToken?: string;
  /** Server nonce from the `DPoP-Nonce` response header. */
  nonce?: string;
  /** Overrides `iat` (epoch seconds). Default: the key's clock. */
  iat?: number;
  /** Overrides `jti`. Default: a random UUID. */
  jti?: string;
  /** Merged into the header last; `undefined` deletes a member (e.g. `{ typ: undefined }`). */
  header?: Record<string, unknown>;
  /** Merged into the claims last; `undefined` deletes a member. */
  claims?: Record<string, unknown>;
  /** Signs the proof with HS256 and this secret instead of the key (a proof verifiers must refuse). */
  hmacSecret?: Uint8Array | string;
}

/** A client's DPoP key pair: mints proofs, and its thumbprint binds tokens (`issuer.token({ dpopKey })`). */
export interface TestDpopKey {
  readonly alg: DpopKeyAlgorithm;
  /** RFC 7638 SHA-256 thumbprint of the public key: the `cnf.jkt` of tokens bound to it. */
  readonly jkt: string;
  /** The public key as it goes into proof headers. */
  readonly publicJwk: JWK;
  /** The private key as a JWK (to build the "private key in jwk" proof a verifier must refuse). */
  readonly privateJwk: JWK;
  /** A signed DPoP proof JWT for one request. */
  proof(options: DpopProofOptions): string;
}

const generateKeyPairAsync = promisify(generateKeyPair);

/**
 * Creates a DPoP key pair for tests: tokens minted with `issuer.token({ dpopKey: key })` are
 * bound to it (`cnf.jkt`), and `key.proof(…)` makes the `DPoP` header for each request.
 *
 * @example
 * ```ts
 * import { createDpopKey, createTestIssuer } from 'bearer-guard/testing';
 *
 * const issuer = await createTestIssuer();
 * const key = await createDpopKey();
 * const token = await issuer.token({ dpopKey: key, scopes: 'orders:read' });
 * const url = 'http://127.0.0.1:3000/orders';
 * const headers = { Authorization: `DPoP ${token}`, DPoP: key.proof({ method: 'GET', url, accessToken: token }) };
 * ```
 */
export async function createDpopKey(options: DpopKeyOptions = {}): Promise<TestDpopKey> {
  const alg = options.alg ?? 'ES256';
  const now = toNowFunction(options.clock);
  const { publicKey, privateKey } = await generatePair(alg);
  const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
  const privateJwk = privateKey.export({ format: 'jwk' }) as JWK;
  // A key node:crypto exported always has its RFC 7638 members, so there is a thumbprint.
  const jkt = jwkThumbprint(publicJwk)!;
  const signer: JwsSigner = { alg, key: privateKey };

  return {
    alg,
    jkt,
    publicJwk: { ...publicJwk },
    privateJwk: { ...privateJwk },
    proof(proofOptions) {
      const header = mergeDeletingUndefined({ typ: 'dpop+jwt', alg, jwk: { ...publicJwk } }, proofOptions.header);
      const claims: Record<string, unknown> = {
        jti: proofOptions.jti ?? randomUUID(),
        htm: proofOptions.method ?? 'GET',
        htu: withoutQuery(proofOptions.url),
        iat: proofOptions.iat ?? Math.floor(now() / 1000),
      };
      if (proofOptions.accessToken !== undefined) claims.ath = createHash('sha256').update(proofOptions.accessToken, 'ascii').digest('base64url');
      if (proofOptions.nonce !== undefined) claims.nonce = proofOptions.nonce;
      const payload = mergeDeletingUndefined(claims, proofOptions.claims);
      if (proofOptions.hmacSecret === undefined) return signJws(header, payload, signer);
      const secret = typeof proofOptions.hmacSecret === 'string' ? Buffer.from(proofOptions.hmacSecret, 'utf8') : proofOptions.hmacSecret;
      return signJws({ ...header, alg: 'HS256' }, payload, { alg: 'HS256', secret });
    },
  };
}

function withoutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function generatePair(alg: DpopKeyAlgorithm): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  switch (alg) {
    case 'ES256':
      return generateKeyPairAsync('ec', { namedCurve: 'P-256' });
    case 'RS256':
    case 'PS256':
      return generateKeyPairAsync('rsa', { modulusLength: 2048 });
    case 'EdDSA':
      return generateKeyPairAsync('ed25519', undefined);
    default:
      throw new TypeError(`alg must be one of ES256, RS256, PS256, EdDSA; got '${String(alg)}'`);
  }
}
