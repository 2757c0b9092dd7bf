import type { Middleware, Next, ParameterizedContext } from 'koa';
import type { AuthGuard, AuthResult, Verifier } from '../core/index.js';
import type { FailureHandler } from './failure-handler.js';
import { requestCredentials } from './request-credentials.js';
import type { AuthState } from './types.js';

/** Verifies the request's token (the caller puts the result on `ctx.state.auth`), or rejects with the failure. */
export type Authenticate = (ctx: ParameterizedContext<AuthState>) => Promise<AuthResult>;

/** Wraps a core guard as Koa middleware; without `ctx.state.auth`, `authenticate` runs first. */
export function guardMiddleware(guard: AuthGuard, onFailure: FailureHandler, authenticate: Authenticate | undefined): Middleware<AuthState> {
  return async (ctx, next: Next) => {
    if (!ctx.state.auth) {
      if (!authenticate) {
        throw new Error('bearer-guard: a scope or claim guard ran before bearerAuth on this route; put bearerAuth first');
      }
      try {
        ctx.state.auth = await authenticate(ctx);
      } catch (error) {
        return onFailure(ctx, error);
      }
    }
    const error = guard(ctx.state.auth!);
    if (error) return onFailure(ctx, error);
    await next();
  };
}

export function authenticateWith(verifier: Verifier): Authenticate {
  return (ctx) => verifier.authenticate(requestCredentials(ctx));
}
