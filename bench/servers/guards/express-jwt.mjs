import { expressjwt } from 'express-jwt';
import jwksRsa from 'jwks-rsa';
import { requireScope } from './require-scope.mjs';

/** express-jwt (jsonwebtoken) with jwks-rsa's cached, rate-limited key lookup, and a scope check. */
export function createGuards(config) {
  return [
    expressjwt({
      secret: jwksRsa.expressJwtSecret({ jwksUri: config.jwksUri, cache: true, rateLimit: true, jwksRequestsPerMinute: 10 }),
      issuer: config.issuer,
      audience: config.audience,
      algorithms: config.algorithms,
    }),
    requireScope(config.scope, (req) => req.auth),
  ];
}
