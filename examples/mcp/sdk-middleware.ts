import * as mcpErrors from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express from 'express';
import { bearerAuth } from 'bearer-guard/express';
import { createMcpTokenVerifier } from 'bearer-guard/mcp';
import { createOrdersServer } from './orders-tools.js';

/** The same MCP server behind the SDK's own `requireBearerAuth`, with bearer-guard checking the tokens. */
export function createSdkGuardedMcpApp({ issuer, resource }: { issuer: string; resource: string }): express.Express {
  const auth = bearerAuth({ issuers: [issuer], resource, resourceMetadata: { scopesSupported: ['orders:read', 'orders:write'] } });
  const app = express();
  app.use(auth.metadata); // serves the document resourceMetadataUrl names
  const resourceMetadataUrl = new URL(`/.well-known/oauth-protected-resource${new URL(resource).pathname}`, resource).href;
  const verifier = createMcpTokenVerifier(auth.verifier, { errors: mcpErrors });
  const requireToken = requireBearerAuth({ verifier, requiredScopes: ['orders:read'], resourceMetadataUrl, expectedResource: new URL(resource) });
  app.post('/mcp', requireToken, express.json(), async (req, res) => {
    const server = createOrdersServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void Promise.all([transport.close(), server.close()]));
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  return app;
}
