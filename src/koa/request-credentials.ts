import type { IncomingMessage } from 'node:http';
import type { RequestCredentials } from '../core/index.js';

/** The parts of a Koa context the core needs; any Koa 2 or 3 `ctx` has them. */
export interface CredentialsSource {
  req: IncomingMessage;
  method: string;
  querystring: string;
  /** `body` is set by a body parser such as `@koa/bodyparser`, if the app uses one. */
  request: object;
}

/** Translates a Koa context into the plain data the core reads. */
export function requestCredentials(ctx: CredentialsSource): RequestCredentials {
  const body = (ctx.request as { body?: unknown }).body;
  const credentials: RequestCredentials = {
    rawHeaders: ctx.req.rawHeaders,
    method: ctx.method,
    body,
    hasQueryToken: ctx.querystring !== '' && new URLSearchParams(ctx.querystring).has('access_token'),
  };
  // Only a parsed body can carry a token; the media type matters only then.
  const contentType = body && typeof body === 'object' ? ctx.req.headers['content-type'] : undefined;
  if (contentType) credentials.contentType = contentType;
  return credentials;
}
