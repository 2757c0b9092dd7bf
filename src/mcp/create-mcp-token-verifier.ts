import { isBearerGuardError } from '../core/errors/auth-error.js';
import type { AuthResult } from '../core/pipeline/auth-result.js';
import type { Verifier } from '../core/pipeline/verifier.js';
import { checkErrorClasses, toMcpError, type McpErrorClasses } from './mcp-errors.js';

/**
 * The MCP SDK's `OAuthTokenVerifier`, written structurally: `verifyAccessToken` resolves to an
 * {@link AuthResult}, which is the SDK's `AuthInfo` (`token`, `clientId`, `scopes`, `expiresAt`,
 * `resource`, `extra`), and rejects with one of the SDK's error classes.
 */
export interface McpTokenVerifier {
  verifyAccessToken(token: string): Promise<AuthResult>;
}

/** Options of {@link createMcpTokenVerifier}. */
export interface McpTokenVerifierOptions {
  /** The SDK's error classes: `import * as mcpErrors from '@modelcontextprotocol/sdk/server/auth/errors.js'`. */
  readonly errors: McpErrorClasses;
}

/**
 * Makes a bearer-guard verifier usable as the MCP SDK's `OAuthTokenVerifier`, for servers that keep
 * the SDK's own `requireBearerAuth` middleware: tokens get bearer-guard's checks (issuer allowlist,
 * algorithms the key fits, audience or `resource`, time with tolerance, DPoP/mTLS bindings), its
 * descriptions, and its key handling (keys fetched at the first token, cached, rate limits
 * honoured). Refusals become the SDK's errors: 401 `InvalidTokenError`, 403
 * `InsufficientScopeError`, 400 `InvalidRequestError`, and an unreachable authorization server
 * `ServerError`, which the SDK answers 500 (it has no 503 and no `Retry-After`; bearer-guard's own
 * middleware answers 503). Other errors are rethrown as they are.
 *
 * @param verifier `createVerifier(options)`, or the `verifier` of a `bearerAuth` middleware (then
 * its `metadata` middleware serves the RFC 9728 document the SDK's `resourceMetadataUrl` names).
 * @throws TypeError when `verifier` has no `verify` or `errors` lacks one of the four classes.
 *
 * @example
 * ```ts
 * import * as mcpErrors from '@modelcontextprotocol/sdk/server/auth/errors.js';
 * import { createVerifier } from 'bearer-guard';
 * import { createMcpTokenVerifier } from 'bearer-guard/mcp';
 *
 * const verifier = createMcpTokenVerifier(createVerifier({ issuers: ['https://auth.example.com'], resource: 'https://api.example.com/mcp' }), {
 *   errors: mcpErrors,
 * });
 * // then, with the SDK's middleware: requireBearerAuth({ verifier, requiredScopes: ['tools:call'], resourceMetadataUrl })
 * ```
 */
export function createMcpTokenVerifier(verifier: Pick<Verifier, 'verify'>, options: McpTokenVerifierOptions): McpTokenVerifier {
  if (typeof verifier?.verify !== 'function') {
    throw new TypeError('bearer-guard/mcp: pass a verifier: createVerifier(options), or the verifier of a bearerAuth middleware (auth.verifier)');
  }
  const classes = checkErrorClasses(options?.errors);
  return Object.freeze({
    verifyAccessToken(token: string): Promise<AuthResult> {
      return verifier.verify(token).catch((error: unknown) => {
        throw isBearerGuardError(error) ? toMcpError(error, classes) : error;
      });
    },
  });
}
