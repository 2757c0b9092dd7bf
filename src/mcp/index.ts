/**
 * bearer-guard/mcp: bearer-guard inside the MCP SDK's own `requireBearerAuth` middleware. The SDK
 * is not loaded here: the types are structural and the error classes come from the app.
 *
 * With bearer-guard's own middleware (`bearer-guard/express`) nothing from here is needed:
 * `req.auth` is already the SDK's `AuthInfo`.
 *
 * @example
 * ```ts
 * import * as mcpErrors from '@modelcontextprotocol/sdk/server/auth/errors.js';
 * import { bearerAuth } from 'bearer-guard/express';
 * import { createMcpTokenVerifier } from 'bearer-guard/mcp';
 *
 * const auth = bearerAuth({ issuers: ['https://auth.example.com'], resource: 'https://api.example.com/mcp' });
 * const verifier = createMcpTokenVerifier(auth.verifier, { errors: mcpErrors });
 * ```
 *
 * @packageDocumentation
 */
export { createMcpTokenVerifier, type McpTokenVerifier, type McpTokenVerifierOptions } from './create-mcp-token-verifier.js';
export type { McpErrorClasses, McpErrorClass } from './mcp-errors.js';
