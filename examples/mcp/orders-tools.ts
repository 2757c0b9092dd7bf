import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/** The MCP server itself: two tools, nothing about tokens but what a tool reads from `extra.authInfo`. */
export function createOrdersServer(): McpServer {
  const server = new McpServer({ name: 'orders', version: '1.0.0' });
  server.registerTool('list-orders', { description: 'Open orders' }, () => ({
    content: [{ type: 'text', text: JSON.stringify([{ id: 'o-1', status: 'open' }]) }],
  }));
  server.registerTool('cancel-order', { description: 'Cancel an order', inputSchema: { id: z.string() } }, ({ id }, extra) => ({
    // extra.authInfo is bearer-guard's req.auth: the token's client, scopes, expiry and claims
    content: [{ type: 'text', text: `order ${id} cancelled by ${extra.authInfo?.clientId}` }],
  }));
  return server;
}
