import type { IncomingMessage } from 'node:http';
import { nodeRequestContext, type RequestContext } from '../core/index.js';

/** Translates a Node/Express request into the plain data the core reads. */
export function requestCredentials(req: IncomingMessage & { body?: unknown; originalUrl?: string }): RequestContext {
  return nodeRequestContext(req, req.originalUrl ?? req.url ?? '', req.body);
}
