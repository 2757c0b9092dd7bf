import type { ServerResponse } from 'node:http';

/** One complete HTTP answer of the test server. @internal */
export interface EndpointResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `response` unless the client has gone away meanwhile (a parked
 * request released after an abort).
 *
 * @internal
 */
export function send(res: ServerResponse, response: EndpointResponse): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
  res.end(response.body);
}
