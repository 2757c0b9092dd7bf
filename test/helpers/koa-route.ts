import type { Middleware } from 'koa';
import type { AuthState } from '../../src/koa/index.js';

/** A minimal GET route for Koa tests: runs `stack` in order when method and path match. */
export function get(path: string, ...stack: Array<Middleware<AuthState>>): Middleware<AuthState> {
  return (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path !== path) return next();
    const dispatch = async (i: number): Promise<void> => {
      const middleware = stack[i];
      if (middleware) await middleware(ctx, () => dispatch(i + 1));
    };
    return dispatch(0);
  };
}
