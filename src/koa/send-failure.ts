import type { ParameterizedContext } from 'koa';
import type { BearerGuardError } from '../core/index.js';
import type { AuthState } from './types.js';

/**
 * Writes a failure as bearer-guard answers it by default, byte for byte as the Express adapter
 * does: the status, `WWW-Authenticate` (or `Retry-After`), `Cache-Control: no-store`, and the JSON
 * body with `application/json`. Headers other middleware already set (CORS, request ids) stay,
 * unlike with Koa's `onerror`, which removes them all.
 */
export function sendFailure(ctx: ParameterizedContext<AuthState>, error: BearerGuardError): void {
  ctx.status = error.status;
  ctx.set(error.headers);
  // Content-Type first, so that Koa's body setter keeps it instead of choosing text/plain.
  ctx.set('Content-Type', 'application/json; charset=utf-8');
  ctx.body = JSON.stringify(error.body);
}
