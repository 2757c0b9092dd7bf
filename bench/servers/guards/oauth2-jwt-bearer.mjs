import { auth, requiredScopes } from 'express-oauth2-jwt-bearer';

/**
 * auth0/node-oauth2-jwt-bearer. `issuer` + `jwksUri` instead of `issuerBaseURL` skips discovery
 * (and so allows the plain-http local issuer); its default validators check iss and aud, and the
 * `alg` validator is narrowed to the same list every contestant accepts.
 */
export function createGuards(config) {
  const algorithms = new Set(config.algorithms);
  return [
    auth({
      issuer: config.issuer,
      jwksUri: config.jwksUri,
      audience: config.audience,
      validators: { alg: (alg) => algorithms.has(alg) },
    }),
    requiredScopes(config.scope),
  ];
}
