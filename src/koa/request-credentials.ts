import type { IncomingMessage } from 'node:http';
import { nodeRequestContext, type RequestContext } from '../core/index.js';

/** The parts of a Koa context the core needs; any Koa 2 or 3 `ctx` has them. */
export interface CredentialsSource {
  req: IncomingMessage;
  originalUrl: string;
  /** `body` is set by a body parser such as `@koa/bodyparser`, if the app uses one. */
  request: object;
}

/** Translates a Koa context into the plain data the core reads. */
export function requestCredentials(ctx: CredentialsSource): RequestContext {
  return nodeRequestContext(ctx.req, ctx.originalUrl, (ctx.request as { body?: unknown }).body);
}
