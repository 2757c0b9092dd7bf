import type { Middleware, ParameterizedContext } from 'koa';
import { answered, nodeRequestReader, type FailurePolicy, type FrameworkBinding } from '../core/index.js';
import { sendFailure } from './send-failure.js';
import type { AuthState } from './types.js';

type Context = ParameterizedContext<AuthState>;

function fail(policy: FailurePolicy, error: unknown, ctx: Context): void {
  const answer = policy(error);
  // Once headers are out nothing can be answered; Koa's onerror reports it and closes.
  if (!answer || ctx.headerSent) throw error;
  sendFailure(ctx, answer);
}

/** What is Koa's: reading `ctx`, `ctx.state.auth`, and answering through `ctx` or a thrown error. */
export const koaBinding: FrameworkBinding<Context, Middleware<AuthState>> = {
  readRequest: nodeRequestReader<Context>({
    node: (ctx) => ctx.req,
    url: (ctx) => ctx.originalUrl,
    body: (ctx) => (ctx.request as { body?: unknown }).body,
  }),
  authOf: (ctx) => ctx.state.auth,
  setAuth(ctx, auth) {
    ctx.state.auth = auth;
  },
  setResponseHeader(ctx, name, value) {
    ctx.set(name, value);
  },
  send(ctx, answer) {
    ctx.status = answer.status;
    // Headers first: Koa's body setter then keeps the Content-Type instead of choosing one.
    ctx.set(answer.headers as Record<string, string>);
    if (answer.body !== undefined) ctx.body = answer.body;
  },
  toMiddleware: (step, policy) => async (ctx, next) => {
    const error = await new Promise<unknown>((resolve) => step(ctx, resolve));
    if (error === answered) return;
    if (error !== undefined) return fail(policy, error, ctx);
    await next();
  },
};
