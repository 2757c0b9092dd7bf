import type { AuthResult } from '../pipeline/auth-result.js';
import type { RequestContext } from '../request/request-context.js';
import type { PlainResponse } from '../resource/metadata-responder.js';
import type { FailurePolicy } from './failure-policy.js';

/** What a step passes to `done` when it has answered the request itself (the metadata document). */
export const answered: unique symbol = Symbol.for('bearer-guard.answered');

/**
 * One middleware's work on one request. It calls `done()` to let the request on, `done(answered)`
 * after `send` wrote the answer, or `done(error)` with what stopped it: a `BearerGuardError`
 * (answered by the failure policy) or any other error (handed to the app). Callback-shaped so that the warm path costs no promise beyond
 * the verifier's.
 */
export type Step<Req> = (req: Req, done: (error?: unknown) => void) => void;

/**
 * What a framework adapter supplies to the adapter kit: only what is its framework's. Everything
 * else (verifying, guards, the failure policy, the env-configured guards) is built by the kit.
 */
export interface FrameworkBinding<Req, Handler> {
  /** Reads the framework's request into the plain data the core reads. */
  readRequest(req: Req): RequestContext;
  /** The result an earlier bearer-guard middleware put on the request (`req.auth`, `ctx.state.auth`). */
  authOf(req: Req): AuthResult | undefined;
  setAuth(req: Req, auth: AuthResult): void;
  /** Sets a header of the response to come (e.g. a new `DPoP-Nonce` on an accepted request). */
  setResponseHeader(req: Req, name: string, value: string): void;
  /** Writes an answer bearer-guard gives itself (the protected resource metadata document). */
  send(req: Req, answer: PlainResponse): void;
  /**
   * The framework's middleware around a step: on `done()` it continues the chain, on
   * `done(answered)` it stops; on an error it writes the answer the policy returns, or hands the
   * error to the app (`next(err)`, `throw`).
   */
  toMiddleware(step: Step<Req>, policy: FailurePolicy): Handler;
}
