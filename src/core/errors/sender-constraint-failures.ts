import { badProof, badRequest, badToken, noCredentials, unavailable } from './failure-answers.js';
import type { FailureInfo } from './failure-codes.js';

/**
 * The failures of sender-constrained tokens, DPoP (RFC 9449) and mTLS (RFC 8705), in the order the
 * catalogue (`failure-codes.ts`) lists them. Proof failures go into the DPoP challenge.
 */

export const senderConstraintFailures = {
  scheme_not_dpop: {
    ...noCredentials,
    cause: 'This API requires DPoP-bound tokens (`dpop.mode: required`) and the request used another scheme (e.g. Bearer).',
    fix: 'Request a DPoP-bound token and send it as `Authorization: DPoP <token>` with a `DPoP: <proof>` header.',
  },
  dpop_proof_missing: {
    ...badProof,
    cause: 'The token was sent with the DPoP scheme but the request has no `DPoP` proof header.',
    fix: 'Send a fresh DPoP proof JWT in the `DPoP` header of every request.',
  },
  dpop_proof_duplicated: {
    ...badProof,
    cause: 'The request has more than one `DPoP` header (or one with several comma-joined values).',
    fix: 'Send exactly one DPoP proof per request; a proxy or client library may be adding a second one.',
  },
  dpop_proof_with_bearer: {
    ...badRequest,
    scheme: 'DPoP',
    cause: 'The request carries a `DPoP` proof but sends the token with the Bearer scheme.',
    fix: 'Send a DPoP-bound token as `Authorization: DPoP <token>`; send a bearer token without a DPoP header.',
  },
  dpop_proof_malformed: {
    ...badProof,
    cause: 'The DPoP proof is not a JWT, is too large, or lacks `jti`, `htm`, `htu` or `iat`.',
    fix: 'Build proofs with a DPoP client library; the proof is a compact JWS with those claims.',
  },
  dpop_typ_mismatch: {
    ...badProof,
    cause: 'The DPoP proof header `typ` is not `dpop+jwt`.',
    fix: 'Set `typ: dpop+jwt` in the proof header (an access token or ID token is not a proof).',
  },
  dpop_algorithm_not_allowed: {
    ...badProof,
    cause: 'The DPoP proof is signed with an algorithm this API does not accept (never `none` or HS*; only the `dpop.algorithms` allowlist).',
    fix: 'Sign proofs with one of the algorithms in the challenge\'s `algs` parameter.',
  },
  dpop_jwk_private: {
    ...badProof,
    cause: 'The DPoP proof `jwk` header contains private key material (`d`, `p`, `q`, `k`…).',
    fix: 'Put only the public key in `jwk`. The private key has leaked: generate a new key pair.',
  },
  dpop_jwk_invalid: {
    ...badProof,
    cause: 'The DPoP proof has no usable public key in `jwk`: missing, unsupported key type, too short, or not fit for the proof\'s `alg`.',
    fix: 'Put the public key that signs the proof in the `jwk` header (EC P-256/384/521, Ed25519, or RSA of at least 2048 bits).',
  },
  dpop_signature_invalid: {
    ...badProof,
    cause: 'The DPoP proof signature does not verify with the key in its `jwk` header.',
    fix: 'Sign the proof with the private key of the `jwk` it carries; the proof was altered or built wrongly.',
  },
  dpop_htm_mismatch: {
    ...badProof,
    cause: 'The DPoP proof\'s `htm` is not the method of this request.',
    fix: 'Make a new proof for every request, with its own method.',
  },
  dpop_htu_mismatch: {
    ...badProof,
    cause: 'The DPoP proof\'s `htu` is not the URL of this request (query and fragment aside).',
    fix: 'Make a new proof for every request, with its own URL. Behind a proxy, set `dpop.publicUrl` or `dpop.trustProxy` so this API knows its public URL.',
  },
  dpop_iat_outside_window: {
    ...badProof,
    cause: 'The DPoP proof\'s `iat` is further from now than `dpop.iatWindow` (default 60 s), in the past or the future.',
    fix: 'Make a new proof for every request; if proofs are fresh, check the client\'s clock.',
  },
  dpop_nonce_required: {
    status: 401,
    error: 'use_dpop_nonce',
    scheme: 'DPoP',
    cause: 'This API requires a server nonce in DPoP proofs and the proof has none, or an old one.',
    fix: 'Retry with a proof whose `nonce` is the value of the `DPoP-Nonce` response header (DPoP client libraries do this by themselves).',
  },
  dpop_ath_mismatch: {
    ...badProof,
    cause: 'The DPoP proof\'s `ath` is missing or is not the hash of the access token sent with it.',
    fix: 'Set `ath` to base64url(SHA-256(access token)) for the token in the Authorization header.',
  },
  dpop_proof_replayed: {
    ...badProof,
    cause: 'The DPoP proof (its `jti`) was already used.',
    fix: 'Make a new proof, with a new `jti`, for every request; a replayed proof can be a stolen one.',
  },
  dpop_key_mismatch: {
    ...badToken,
    scheme: 'DPoP',
    cause: 'The token is bound to another key: its `cnf.jkt` is not the thumbprint of the DPoP proof\'s key.',
    fix: 'Sign proofs with the key the token was issued for (the one used at the token endpoint).',
  },
  dpop_token_unbound: {
    ...badToken,
    scheme: 'DPoP',
    cause: 'The token was sent with the DPoP scheme but is not DPoP-bound (no `cnf.jkt`).',
    fix: 'Send an unbound token as `Authorization: Bearer <token>`, or request a DPoP-bound token (send a DPoP proof to the token endpoint).',
  },
  dpop_replay_store_unavailable: {
    ...unavailable,
    cause: 'The DPoP replay store could not record the proof (full, or its backend failed), so the proof cannot be checked for replay.',
    fix: 'Retry after the Retry-After delay. If it persists, raise the store\'s size or check its backend.',
  },
  mtls_certificate_missing: {
    ...badToken,
    cause: 'The token is bound to a client certificate (`cnf.x5t#S256`) but the request came without one.',
    fix: 'Connect with the client certificate the token was issued for (mutual TLS). Behind a TLS-terminating proxy, configure `mtls.certificateHeader`.',
  },
  mtls_certificate_mismatch: {
    ...badToken,
    cause: 'The token is bound to another client certificate: its `cnf.x5t#S256` is not the thumbprint of the one presented.',
    fix: 'Connect with the certificate the token was issued for.',
  },
  mtls_token_unbound: {
    ...badToken,
    cause: 'This API requires certificate-bound tokens (`mtls.required`) and the token has no `cnf.x5t#S256`.',
    fix: 'Request the token over mutual TLS from an authorization server that binds tokens to the client certificate (RFC 8705).',
  },
} as const satisfies Record<string, FailureInfo>;
