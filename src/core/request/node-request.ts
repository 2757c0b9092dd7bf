import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { RequestContext } from './request-context.js';

/**
 * The {@link RequestContext} of a Node request, which every Node framework wraps: `url` is the
 * target as received (before any router rewrote it) and `body` what the app's body parser left.
 */
export function nodeRequestContext(req: IncomingMessage, url: string, body: unknown): RequestContext {
  const query = url.indexOf('?');
  const context: RequestContext = {
    rawHeaders: req.rawHeaders,
    headers: req.headers,
    url,
    body,
    hasQueryToken: query !== -1 && new URLSearchParams(url.slice(query + 1)).has('access_token'),
  };
  if (req.method) context.method = req.method;
  // Only a parsed body can carry a token; the media type matters only then.
  const contentType = body && typeof body === 'object' ? req.headers['content-type'] : undefined;
  if (contentType) context.contentType = contentType;
  const socket = req.socket as Partial<TLSSocket> | null;
  if (socket?.encrypted === true) context.encrypted = true;
  if (socket?.encrypted === true && typeof socket.getPeerX509Certificate === 'function') {
    context.peerCertificate = () => (socket as TLSSocket).getPeerX509Certificate();
  }
  return context;
}
