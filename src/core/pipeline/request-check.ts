import type { Failure } from '../errors/failure.js';
import type { RequestContext } from '../request/request-context.js';
import type { AuthResult } from './auth-result.js';
import type { MaybePromise } from './strategy.js';

/**
 * A per-request stage: runs on every request after its token is accepted, cache hits included,
 * because what it checks belongs to the request, not the token (a DPoP proof, an mTLS certificate
 * binding). Returns a failure to refuse the request, undefined to let it on.
 */
export interface RequestCheck {
  /** For logs and errors, e.g. `'dpop'`. */
  readonly name: string;
  check(auth: AuthResult, request: RequestContext, now: number): MaybePromise<Failure | undefined>;
}
