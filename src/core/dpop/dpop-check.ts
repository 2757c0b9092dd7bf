import { createHash } from 'node:crypto';
import type { Failure } from '../errors/failure.js';
import type { AuthResult } from '../pipeline/auth-result.js';
import type { RequestCheck } from '../pipeline/request-check.js';
import type { RequestContext } from '../request/request-context.js';
import { authorizationScheme } from '../request/extract-token.js';
import { createProofChecker, type ProofFailure } from './check-proof.js';
import type { ResolvedDpop } from './dpop-options.js';
import { readProof } from './proof-header.js';
import { publicRequestUrl } from './public-url.js';
import { ReplayStoreFull } from './replay-store.js';
import { normalizeTargetUri } from './target-uri.js';

/**
 * The DPoP stage (RFC 9449 §7): on every request, cache hits included. A token sent with the DPoP
 * scheme must be DPoP-bound, and the request must carry a proof for it: for this method and URL,
 * recent, for this token, by the key the token is bound to, and never seen before. A DPoP-bound
 * token sent as Bearer is refused (§7.2: no downgrade).
 */
export function createDpopCheck(dpop: ResolvedDpop, storeTimeoutMs: number): RequestCheck {
  const checkProof = createProofChecker(dpop);
  // use_dpop_nonce comes with the nonce to use (RFC 9449 §9).
  const withNonce = (failure: ProofFailure, now: number): Failure =>
    failure.code === 'dpop_nonce_required' ? { ...failure, facts: { dpopNonce: dpop.nonces!.current(now) } } : failure;

  return {
    name: 'dpop',
    check(auth, request, now) {
      const jkt = boundKey(auth);
      if (authorizationScheme(request) !== 'dpop') {
        if (jkt === undefined) return undefined;
        return {
          code: 'token_sender_constrained',
          description: 'The token is DPoP-bound (cnf.jkt); send it as Authorization: DPoP <token> with a DPoP proof, not as a Bearer token',
        };
      }
      if (jkt === undefined) {
        return { code: 'dpop_token_unbound', description: 'The token is sent with the DPoP scheme but is not DPoP-bound (no cnf.jkt); send it as Authorization: Bearer' };
      }
      const read = readProof(request);
      // Extraction refused requests without exactly one proof; verify(token) calls have none.
      if (!('proof' in read)) return { code: 'dpop_proof_missing', description: 'The request has no single DPoP proof header' };
      const uri = requestUri(request, dpop);
      if (uri === undefined) {
        return { code: 'dpop_htu_mismatch', description: 'This request does not say its own URL (no usable Host header); the DPoP proof htu cannot be checked' };
      }
      const nowSec = Math.floor(now / 1000);
      const checked = checkProof(read.proof, { method: request.method ?? '', uri, accessToken: auth.token }, nowSec);
      if ('code' in checked) return withNonce(checked, now);
      // The client used the previous nonce: send the current one with the answer (RFC 9449 §8.2).
      if (checked.staleNonce) request.responseHeaders = { ...request.responseHeaders, 'DPoP-Nonce': dpop.nonces!.current(now) };
      if (checked.jkt !== jkt) {
        return { code: 'dpop_key_mismatch', description: 'The token is bound to another key: cnf.jkt is not the thumbprint of the DPoP proof key' };
      }
      return rememberProof(proofId(checked.jkt, checked.jti), (checked.iat + dpop.iatWindowSec + 1) * 1000, now);
    },
  };

  /** Replay check last: only proofs that passed everything else take room in the store. */
  function rememberProof(id: string, expiresAt: number, now: number): Failure | undefined | Promise<Failure | undefined> {
    let first: boolean | Promise<boolean>;
    try {
      first = dpop.replayStore.markUsed(id, expiresAt, now);
    } catch (error) {
      return storeFailure(error, now);
    }
    if (typeof first === 'boolean') return replayVerdict(first);
    return withinTimeout(Promise.resolve(first), storeTimeoutMs).then(replayVerdict, (error: unknown) => storeFailure(error, now));
  }
}

/** A shared store that never answers must not hold the request: it counts as failed after `ms`. */
function withinTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the DPoP replay store did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * What the replay store records for a proof: its key and `jti`, hashed to 22 characters so that
 * every record costs the same whatever the client put in `jti` (about 120 bytes in memory).
 */
function proofId(jkt: string, jti: string): string {
  return createHash('sha256').update(`${jkt}:${jti}`).digest().subarray(0, 16).toString('base64url');
}

function replayVerdict(first: boolean): Failure | undefined {
  return first === true ? undefined : { code: 'dpop_proof_replayed', description: 'The DPoP proof was already used (same jti); make a new proof for every request' };
}

function storeFailure(error: unknown, now: number): Failure {
  const retryAfterSeconds = error instanceof ReplayStoreFull ? (error.retryAt - now) / 1000 : 1;
  const description = error instanceof ReplayStoreFull ? 'The DPoP replay store is full of live proofs' : 'The DPoP replay store did not answer';
  return { code: 'dpop_replay_store_unavailable', description, facts: { retryAfterSeconds, cause: error } };
}

/** `cnf.jkt` of the token, if it is a string. */
function boundKey(auth: AuthResult): string | undefined {
  const cnf = auth.claims.cnf;
  const jkt = typeof cnf === 'object' && cnf !== null ? (cnf as Record<string, unknown>).jkt : undefined;
  return typeof jkt === 'string' ? jkt : undefined;
}

function requestUri(request: RequestContext, dpop: ResolvedDpop): string | undefined {
  const url = publicRequestUrl(
    { url: request.url ?? '', encrypted: request.encrypted === true, header: (name) => request.headers?.[name] },
    dpop.publicUrl,
  );
  return url === undefined ? undefined : normalizeTargetUri(url);
}
