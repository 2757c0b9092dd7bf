import type { IncomingMessage } from 'node:http';
import type { RequestCredentials } from '../core/index.js';

/** Translates a Node/Express request into the plain data the core reads. */
export function requestCredentials(req: IncomingMessage & { body?: unknown; originalUrl?: string }): RequestCredentials {
  const url = req.originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  const credentials: RequestCredentials = {
    rawHeaders: req.rawHeaders,
    body: req.body,
    hasQueryToken: query !== -1 && new URLSearchParams(url.slice(query + 1)).has('access_token'),
  };
  if (req.method) credentials.method = req.method;
  // Only a parsed body can carry a token; the media type matters only then.
  const contentType = req.body && typeof req.body === 'object' ? req.headers['content-type'] : undefined;
  if (contentType) credentials.contentType = contentType;
  return credentials;
}
