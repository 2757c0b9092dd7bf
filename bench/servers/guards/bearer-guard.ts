import type { RequestHandler } from 'express';
import type { Algorithm } from '../../../src/index.js';
import { bearerAuth } from '../../../src/express/index.js';
import type { ContestantConfig } from '../contestant-config.js';

/** bearer-guard; `bearer-guard` verifies every request, `bearer-guard-cached` keeps its default token cache. */
export function createGuards(config: ContestantConfig): RequestHandler[] {
  const auth = bearerAuth({
    issuers: [{ issuer: config.issuer, jwksUri: config.jwksUri }],
    audience: config.audience,
    algorithms: config.algorithms as Algorithm[],
    ...(config.contestant === 'bearer-guard' ? { tokenCache: false } : {}),
  });
  return [auth, auth.requireScopes(config.scope)];
}
