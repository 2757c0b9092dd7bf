import type { FailureCode } from '../errors/failure-codes.js';

/** Codes for "the keys cannot be had": always 503, never the client's fault. */
export type KeySourceCode = Extract<
  FailureCode,
  'jwks_unavailable' | 'jwks_invalid' | 'idp_rate_limited' | 'discovery_failed' | 'discovery_issuer_mismatch'
>;

/** Thrown by the key store when no usable key can be had; the verifier turns it into a 503. */
export class KeySourceFailure extends Error {
  constructor(
    readonly code: KeySourceCode,
    readonly description: string,
    /** Epoch ms before which the store will not try again. */
    readonly retryAt: number,
  ) {
    super(description);
    this.name = 'KeySourceFailure';
  }
}
