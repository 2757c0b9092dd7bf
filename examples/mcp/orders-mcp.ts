import express, { type RequestHandler } from 'express';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { bearerAuth, type BearerAuthMiddleware } from 'bearer-guard/express';
import { createOrdersServer } from './orders-tools.js';

/** Every call needs orders:read; a tool listed here needs its scopes as well. */
const toolScopes: Record<string, string[]> = { 'cancel-order': ['orders:write'] };

/** A 403 naming the missing scopes before any tool runs, read from the JSON-RPC body (or batch). */
function requireToolScopes(auth: BearerAuthMiddleware): RequestHandler {
  const guards = new Map(Object.entries(toolScopes).map(([tool, scopes]) => [tool, auth.requireScopes(...scopes)]));
  return (req, res, next) => {
    const messages: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    const pending = messages.filter(isToolCall).flatMap((call) => guards.get(call.params.name) ?? []);
    const runFrom = (i: number): void => {
      if (i === pending.length) return next();
      void pending[i]!(req, res, (error?: unknown) => (error ? next(error) : runFrom(i + 1)));
    };
    runFrom(0);
  };
}

function isToolCall(message: unknown): message is { method: 'tools/call'; params: { name: string } } {
  const m = message as { method?: unknown; params?: { name?: unknown } } | null;
  return m?.method === 'tools/call' && typeof m.params?.name === 'string';
}

/** A Streamable HTTP MCP server (stateless) whose every call needs a token the issuer gave for `resource`. */
export function createOrdersMcpApp({ issuer, resource }: { issuer: string; resource: string }): express.Express {
  const auth = bearerAuth({
    issuers: [issuer],
    resource, // the audience, the RFC 9728 document's `resource` and every challenge's resource_metadata
    resourceMetadata: { scopesSupported: ['orders:read', 'orders:write'], resourceName: 'Orders MCP' },
    scopeInChallenge: true, // a bare 401 says scope="orders:read"
  });
  const app = express();
  app.use(auth.metadata); // GET /.well-known/oauth-protected-resource/mcp, with CORS
  app.post('/mcp', auth.requireScopes('orders:read'), express.json(), requireToolScopes(auth), async (req, res) => {
    const server = createOrdersServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void Promise.all([transport.close(), server.close()]));
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body); // req.auth reaches the tools as extra.authInfo
  });
  app.all('/mcp', (_req, res) => void res.status(405).set('Allow', 'POST').end()); // stateless: no GET stream, no DELETE
  return app;
}
