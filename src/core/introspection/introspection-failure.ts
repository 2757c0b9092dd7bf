import type { FailureCode } from '../errors/failure-codes.js';
import { withoutQuery } from '../lib/url-without-query.js';
import type { IntrospectionEvent } from './introspection-events.js';

/** Why an introspected token is not accepted; a 503 code carries when to ask again. */
export interface IntrospectionFailure {
  code: FailureCode;
  description: string;
  /** Epoch ms before which the endpoint will not be asked again (503 answers). */
  retryAt?: number;
  subject?: string;
  clientId?: string;
}

/** What the hooks hear when `endpoint` (named without its query) could not answer until `failure.retryAt`. */
export function introspectionFailedEvent(
  issuer: string,
  endpoint: string,
  failure: IntrospectionFailure & { retryAt: number },
  facts: { status?: number | undefined; reason: string; configurationError: boolean; now: number },
): IntrospectionEvent {
  return {
    type: 'introspection_failed',
    issuer,
    endpoint: withoutQuery(endpoint),
    code: failure.code,
    ...(facts.status !== undefined ? { status: facts.status } : {}),
    reason: facts.reason,
    retryAfterSeconds: Math.ceil((failure.retryAt - facts.now) / 1000),
    configurationError: facts.configurationError,
  };
}
