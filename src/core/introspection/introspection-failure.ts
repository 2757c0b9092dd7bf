import type { FailureCode } from '../errors/failure-codes.js';

/** Why an introspected token is not accepted; a 503 code carries when to ask again. */
export interface IntrospectionFailure {
  code: FailureCode;
  description: string;
  /** Epoch ms before which the endpoint will not be asked again (503 answers). */
  retryAt?: number;
  subject?: string;
  clientId?: string;
}
