import { createRemoteJWKSet, jwtVerify } from 'jose';
import { requireScope } from './require-scope.mjs';

/**
 * The floor: a minimal middleware around jose's `jwtVerify` with a remote key set, so the
 * signature is checked on every request (through WebCrypto).
 */
export function createGuards(config) {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  const options = { issuer: config.issuer, audience: config.audience, algorithms: config.algorithms };
  const authenticate = (req, res, next) => {
    const match = /^Bearer ([^\s]+)$/i.exec(req.headers.authorization ?? '');
    if (!match) {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="api"').end();
      return;
    }
    jwtVerify(match[1], keys, options).then(
      ({ payload }) => {
        req.auth = payload;
        next();
      },
      () => {
        res.status(401).set('WWW-Authenticate', 'Bearer realm="api", error="invalid_token"').end();
      },
    );
  };
  return [authenticate, requireScope(config.scope, (req) => req.auth)];
}
