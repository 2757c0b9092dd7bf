import type { BearerGuardError } from '../core/errors/auth-error.js';

/** A constructor of one of the MCP SDK's OAuth error classes (`new InvalidTokenError(message)`). */
export type McpErrorClass = new (message: string) => Error;

/**
 * The MCP SDK's error classes that its `requireBearerAuth` middleware tells apart with
 * `instanceof`: pass the SDK's own module (`import * as mcpErrors from
 * '@modelcontextprotocol/sdk/server/auth/errors.js'`). bearer-guard never loads the SDK itself: an
 * error made from another copy of these classes (the SDK's CommonJS build when the app loads its
 * ESM one) would fail the middleware's `instanceof` checks and become a 500.
 */
export interface McpErrorClasses {
  /** Answered 401 with `error="invalid_token"`. */
  readonly InvalidTokenError: McpErrorClass;
  /** Answered 403 with `error="insufficient_scope"`. */
  readonly InsufficientScopeError: McpErrorClass;
  /** Answered 400 (no challenge). */
  readonly InvalidRequestError: McpErrorClass;
  /** Answered 500 `server_error`: the SDK's middleware has no 503 and no `Retry-After`. */
  readonly ServerError: McpErrorClass;
}

const classNames: ReadonlyArray<keyof McpErrorClasses> = ['InvalidTokenError', 'InsufficientScopeError', 'InvalidRequestError', 'ServerError'];

/** Checks the classes once, when the verifier is built: a missing one would otherwise be a 500 at the first refusal. */
export function checkErrorClasses(errors: unknown): McpErrorClasses {
  const given = (typeof errors === 'object' || typeof errors === 'function') && errors !== null ? (errors as Record<string, unknown>) : {};
  const missing = classNames.filter((name) => typeof given[name] !== 'function');
  if (missing.length > 0) {
    throw new TypeError(
      `bearer-guard/mcp: errors must be the MCP SDK's error classes (import * as mcpErrors from '@modelcontextprotocol/sdk/server/auth/errors.js'); missing ${missing.join(', ')}`,
    );
  }
  return Object.freeze(Object.fromEntries(classNames.map((name) => [name, given[name]]))) as unknown as McpErrorClasses;
}

/**
 * The SDK error that makes its middleware answer closest to bearer-guard's own answer: the same
 * status for 400, 401 and 403, with bearer-guard's sanitized description as the message (the SDK
 * puts it into `error_description="…"` unescaped). A 503 (keys or introspection unavailable)
 * becomes `ServerError`, a 500: the most the SDK can say. The original rides along as `cause`.
 */
export function toMcpError(error: BearerGuardError, classes: McpErrorClasses): Error {
  const Class =
    error.status === 401
      ? classes.InvalidTokenError
      : error.status === 403
        ? classes.InsufficientScopeError
        : error.status === 400
          ? classes.InvalidRequestError
          : classes.ServerError;
  const mapped = new Class(error.description);
  Object.defineProperty(mapped, 'cause', { value: error, configurable: true, writable: true });
  return mapped;
}
