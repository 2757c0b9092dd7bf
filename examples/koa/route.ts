import type { Middleware } from 'koa';
import type { AuthState } from 'bearer-guard/koa';

/** What a route adds to the context: the values of its `:name` path segments. */
export type RouteContext = { params: Record<string, string> };

/** Middleware on a route: it sees `ctx.state.auth` and `ctx.params`. */
export type RouteMiddleware = Middleware<AuthState, RouteContext>;

/**
 * A deliberately tiny router, so the example needs nothing but Koa: `route('GET', '/users/:id',
 * ...middleware)` runs the middleware in order when method and path match, and otherwise passes
 * the request on. Real apps will use `@koa/router`, where the guards go in the same places.
 */
export function route(method: string, pattern: string, ...stack: RouteMiddleware[]): Middleware<AuthState, RouteContext> {
  const segments = pattern.split('/');
  return (ctx, next) => {
    const methodMatches = ctx.method === method || (method === 'GET' && ctx.method === 'HEAD');
    const params = methodMatches ? match(segments, ctx.path.split('/')) : undefined;
    if (!params) return next();
    ctx.params = params;
    const dispatch = async (i: number): Promise<void> => {
      const middleware = stack[i];
      if (middleware) await middleware(ctx, () => dispatch(i + 1));
    };
    return dispatch(0);
  };
}

function match(segments: string[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const part = parts[i]!;
    if (!segment.startsWith(':')) {
      if (segment !== part) return undefined;
      continue;
    }
    if (part === '') return undefined;
    try {
      params[segment.slice(1)] = decodeURIComponent(part);
    } catch {
      return undefined; // malformed percent-encoding: no route matches
    }
  }
  return params;
}
