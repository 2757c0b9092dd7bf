import type { RequestHandler } from 'express';
// By package name: at run time that is the build in dist/, as published (bench/run.ts builds it
// first); the type check reads the sources through the bearer-guard-source condition.
import type { Algorithm } from 'bearer-guard';
import { bearerAuth } from 'bearer-guard/express';
import type { ContestantConfig } from '../contestant-config.js';

/**
 * bearer-guard; `bearer-guard` verifies every request, `bearer-guard-cached` keeps its default
 * token cache, `bearer-guard-pool` verifies every request on libuv's thread pool.
 */
export function createGuards(config: ContestantConfig): RequestHandler[] {
  const algorithms = config.algorithms as Array<Exclude<Algorithm, 'HS256' | 'HS384' | 'HS512'>>;
  const auth = bearerAuth({
    issuers: [{ issuer: config.issuer, jwksUri: config.jwksUri }],
    audience: config.audience,
    algorithms,
    ...(config.contestant === 'bearer-guard-cached' ? {} : { tokenCache: false }),
    ...(config.contestant === 'bearer-guard-pool' ? { signatureThreadPool: algorithms } : {}),
  });
  return [auth, auth.requireScopes(config.scope)];
}
