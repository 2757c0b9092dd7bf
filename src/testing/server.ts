import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Route } from './authorization-server.js';
import { send } from './respond.js';

/** @internal */
export interface RunningServer {
  /** `http://127.0.0.1:{port}`. */
  readonly origin: string;
  /** Installs the GET and POST routes; until then every path is a 404 (nobody knows the port yet anyway). */
  setRoutes(routes: Map<string, Route>, postRoutes?: Map<string, Route>): void;
  /** Stops listening and destroys open sockets, parked requests included. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a plain `node:http` server on 127.0.0.1 and a random port. Its `Date` header follows `now`,
 * as a real server's follows its own clock (clients compare it with rate-limit reset times).
 *
 * @internal
 */
export async function startHttpServer(now: () => number = Date.now): Promise<RunningServer> {
  let routes = new Map<string, Route>();
  let postRoutes = new Map<string, Route>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('date', new Date(now()).toUTCString());
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const post = postRoutes.get(path);
    if (req.method === 'POST' && post) return post(res, req);
    if (post) return send(res, jsonError(405, 'method_not_allowed', path, { allow: 'POST' }));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, jsonError(405, 'method_not_allowed', path, { allow: 'GET, HEAD' }));
    }
    const route = routes.get(path);
    if (!route) return send(res, jsonError(404, 'not_found', path));
    route(res, req);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    origin: `http://127.0.0.1:${port}`,
    setRoutes(next, nextPost = new Map()) {
      routes = next;
      postRoutes = nextPost;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets and requests parked by a 'hang' fault would otherwise keep close() waiting.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function jsonError(status: number, error: string, path: string, headers: Record<string, string> = {}) {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ error, path }),
  };
}
