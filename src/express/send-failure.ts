import type { ServerResponse } from 'node:http';
import type { BearerGuardError } from '../core/index.js';

/**
 * Writes a failure as bearer-guard answers it by default: the status, `WWW-Authenticate` (or
 * `Retry-After`), `Cache-Control: no-store`, and the JSON body. No stack, no token.
 */
export function sendFailure(res: ServerResponse, error: BearerGuardError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = error.status;
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  const body = JSON.stringify(error.body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
