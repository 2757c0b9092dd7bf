import { createPublicKey, type KeyObject } from 'node:crypto';
import { createJwsDecoder } from '../jws/decode-jws.js';
import { verifySignature } from '../jws/verify-signature.js';
import { isSupportedKeyType, keyMismatch } from '../keys/key-fit.js';
import { describeValue } from '../lib/describe-value.js';
import { formatSeconds } from '../lib/duration.js';
import type { FailureCode } from '../errors/failure-codes.js';
import { accessTokenHash } from './access-token-hash.js';
import { jwkThumbprint } from './jwk-thumbprint.js';
import type { ServerNonces } from './server-nonces.js';
import { normalizeTargetUri } from './target-uri.js';

/** What a proof is checked against, fixed when the middleware is built. */
export interface ProofPolicy {
  readonly algorithms: ReadonlySet<string>;
  /** How far `iat` may lie from now, either way. */
  readonly iatWindowSec: number;
  readonly nonces: ServerNonces | null;
  readonly maxProofLength: number;
}

/** The request a proof must be for. */
export interface ProofTarget {
  readonly method: string;
  /** The public URI of the request, normalized (see `normalizeTargetUri`). */
  readonly uri: string;
  readonly accessToken: string;
}

/** A proof that passed every check that needs only the proof and the request. */
export interface CheckedProof {
  /** RFC 7638 thumbprint of the proof's key: what the token's `cnf.jkt` must equal. */
  readonly jkt: string;
  readonly jti: string;
  readonly iat: number;
  /** True when the proof used the previous server nonce: answer with the current one. */
  readonly staleNonce: boolean;
}

/** Why a proof was refused. */
export interface ProofFailure {
  readonly code: FailureCode;
  readonly description: string;
}

/** Members of a private or symmetric JWK (RFC 7518 §6): none may appear in a proof's `jwk`. */
const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const minRsaBits = 2048;
const maxJtiLength = 256;
/** Imported proof keys kept per checker: a client sends the same header (and key) on every request. */
const keyMemoEntries = 256;

interface ProofKey {
  readonly key: KeyObject;
  readonly jkt: string;
}

const failure = (code: FailureCode, description: string): ProofFailure => ({ code, description });

/**
 * Creates the check of RFC 9449 §4.3 for one middleware: a single well-formed JWT, `typ`
 * `dpop+jwt`, an allowed asymmetric `alg`, a public `jwk` that fits it and verifies the signature,
 * `htm` and `htu` of this request, `iat` within the window, the server nonce when nonces are on,
 * and `ath` of the presented access token. Replay (`jti`) and the token's `cnf.jkt` are checked
 * by the caller, once the token itself is known to be good.
 */
export function createProofChecker(policy: ProofPolicy) {
  const keys = new Map<string, ProofKey | ProofFailure>();
  const decode = createJwsDecoder();

  function keyOf(headerSegment: string, header: Readonly<Record<string, unknown>>, alg: string): ProofKey | ProofFailure {
    const known = keys.get(headerSegment);
    if (known) return known;
    const found = importProofKey(header.jwk, alg);
    if (keys.size >= keyMemoEntries) keys.delete(keys.keys().next().value!);
    keys.set(headerSegment, found);
    return found;
  }

  return function checkProof(proof: string, target: ProofTarget, nowSec: number): CheckedProof | ProofFailure {
    if (proof.length > policy.maxProofLength) {
      return failure('dpop_proof_malformed', `The DPoP proof is ${proof.length} characters long; the limit is ${policy.maxProofLength}`);
    }
    const decoded = decode(proof);
    if ('code' in decoded) return failure('dpop_proof_malformed', decoded.description.replace('The token', 'The DPoP proof'));
    const { header, payload } = decoded;
    if (header.typ !== 'dpop+jwt') {
      return failure('dpop_typ_mismatch', `The DPoP proof typ is ${header.typ === undefined ? 'missing' : describeValue(header.typ, 40)}; it must be dpop+jwt`);
    }
    const alg = header.alg;
    if (typeof alg !== 'string' || !policy.algorithms.has(alg)) {
      return failure('dpop_algorithm_not_allowed', `The DPoP proof is signed with ${describeValue(alg, 20)}; proofs must be signed with one of ${[...policy.algorithms].join(', ')}`);
    }
    const key = keyOf(decoded.signingInput.slice(0, decoded.signingInput.indexOf('.')), header, alg);
    if ('code' in key) return key;
    if (!verifySignature(alg, key.key, decoded.signingInput, decoded.signature)) {
      return failure('dpop_signature_invalid', 'The DPoP proof signature does not verify with the key in its jwk header');
    }
    const { jti, htm, htu, iat, ath, nonce } = payload;
    if (typeof jti !== 'string' || jti.length === 0 || jti.length > maxJtiLength) {
      return failure('dpop_proof_malformed', `The DPoP proof has no jti claim of 1 to ${maxJtiLength} characters`);
    }
    if (typeof htm !== 'string' || typeof htu !== 'string' || typeof iat !== 'number' || !Number.isFinite(iat)) {
      return failure('dpop_proof_malformed', 'The DPoP proof lacks one of the claims htm, htu (strings) and iat (a number)');
    }
    if (htm !== target.method) {
      return failure('dpop_htm_mismatch', `The DPoP proof is for method ${describeValue(htm, 20)}; this request is ${target.method}`);
    }
    if (normalizeTargetUri(htu) !== target.uri) {
      return failure('dpop_htu_mismatch', `The DPoP proof is for ${describeValue(htu, 120)}; this request is for ${target.uri} (behind a proxy, configure dpop.publicUrl or dpop.trustProxy)`);
    }
    const age = nowSec - iat;
    if (Math.abs(age) > policy.iatWindowSec) {
      return failure(
        'dpop_iat_outside_window',
        age > 0
          ? `The DPoP proof was made ${formatSeconds(age)} ago; proofs are accepted for ${formatSeconds(policy.iatWindowSec)} (make a new proof for every request)`
          : `The DPoP proof is dated ${formatSeconds(-age)} in the future; the accepted window is ${formatSeconds(policy.iatWindowSec)} (check the client's clock)`,
      );
    }
    let staleNonce = false;
    if (policy.nonces) {
      const state = policy.nonces.check(nonce, nowSec * 1000);
      if (state === 'invalid') {
        return failure('dpop_nonce_required', nonce === undefined ? 'Resource server requires nonce in DPoP proof' : 'The DPoP proof nonce is not a current server nonce; use the one in DPoP-Nonce');
      }
      staleNonce = state === 'previous';
    }
    if (ath !== accessTokenHash(target.accessToken)) {
      return failure(
        'dpop_ath_mismatch',
        ath === undefined ? 'The DPoP proof has no ath claim (the hash of the access token it is sent with)' : 'The DPoP proof ath is not the hash of the access token sent with it',
      );
    }
    return { jkt: key.jkt, jti, iat, staleNonce };
  };
}

/** The proof's public key, checked to be public, of a supported type and fit for `alg`. */
function importProofKey(jwk: unknown, alg: string): ProofKey | ProofFailure {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    return failure('dpop_jwk_invalid', 'The DPoP proof header has no jwk object with the public key');
  }
  const members = jwk as Record<string, unknown>;
  const secret = privateMembers.find((name) => name in members);
  if (secret) {
    return failure('dpop_jwk_private', `The DPoP proof jwk contains private key material (${secret}); send only the public key`);
  }
  if (!isSupportedKeyType(members)) {
    return failure('dpop_jwk_invalid', `The DPoP proof jwk is of an unsupported key type ${describeValue(members.kty, 20)}/${describeValue(members.crv, 20)}`);
  }
  const mismatch = keyMismatch(members, alg);
  if (mismatch) return failure('dpop_jwk_invalid', `The DPoP proof jwk does not fit its alg: ${mismatch}`);
  const jkt = jwkThumbprint(members);
  let key: KeyObject;
  try {
    if (jkt === undefined) throw new TypeError('missing members');
    key = createPublicKey({ key: members as import('node:crypto').JsonWebKey, format: 'jwk' });
  } catch {
    return failure('dpop_jwk_invalid', 'The DPoP proof jwk is not a valid public key');
  }
  if (members.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < minRsaBits) {
    return failure('dpop_jwk_invalid', `The DPoP proof RSA key is shorter than ${minRsaBits} bits`);
  }
  return { key, jkt: jkt! };
}
