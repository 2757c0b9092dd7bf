import type { RequestHandler } from 'express';
import { createStandaloneGuards, type GuardMethods } from '../core/index.js';
import { expressBinding } from './express-binding.js';

/**
 * `requireScopes`, `requireAnyScope`, `requireClaims`, `requireRoles`, `requireAnyRole` and
 * `requireAuthLevel` (RFC 9470 step-up) on their own: configured from the environment
 * (see `optionsFromEnv`) and sharing one verifier; after a `bearerAuth` they only check.
 *
 * @example
 * ```ts
 * app.use(requireScopes('okta.users.read'));
 * ```
 */
export const { requireScopes, requireAnyScope, requireClaims, requireRoles, requireAnyRole, requireAuthLevel }: GuardMethods<RequestHandler> = createStandaloneGuards(expressBinding);
