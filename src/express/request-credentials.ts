import type { IncomingMessage } from 'node:http';
import type { RequestCredentials } from '../core/index.js';

/** Translates a Node/Express request into the plain data the core reads. */
export function requestCredentials(req: IncomingMessage & { body?: unknown; originalUrl?: string }): RequestCredentials {
  const url = req.originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  const contentType = req.headers['content-type'];
  return {
    rawHeaders: req.rawHeaders,
    ...(req.method ? { method: req.method } : {}),
    ...(contentType ? { contentType } : {}),
    body: req.body,
    hasQueryToken: query !== -1 && new URLSearchParams(url.slice(query + 1)).has('access_token'),
  };
}
