import type { Failure } from '../errors/failure.js';
import type { IssuerKind } from '../options/options.js';

/** Why each IdP hands out an access token that is not a JWT, and what to request instead. */
const causes: Record<IssuerKind, string> = {
  'auth0': 'Auth0 issues opaque access tokens when the token request names no API: request the token with audience=<this API\'s identifier>',
  'okta-custom': 'Okta access tokens are JWTs: this is an API token, session or refresh token',
  'okta-org': 'Okta access tokens are JWTs: this is an API token, session or refresh token',
  'entra': 'Entra ID tokens for other resources (Graph) or personal accounts are unreadable: request one for api://<client id>/.default',
  'cognito': 'Cognito access tokens are JWTs: send the access token, not the refresh token',
  'keycloak': 'Keycloak access tokens are JWTs: send the access token, not the refresh token',
  'generic': 'servers issue opaque tokens when the request names no resource: request it with resource=<this API\'s URL> (RFC 8707)',
};

const introspection = 'an IdP that only issues opaque tokens needs token introspection (RFC 7662): give that issuer the `introspection` option';

/** The likely causes for the configured IdPs, computed once per verifier. */
export function opaqueTokenHint(kinds: Iterable<IssuerKind>): string {
  const found = [...new Set([...kinds].map((kind) => causes[kind]))];
  return `${found.join('; ')}; ${introspection}`;
}

/**
 * Names the likely cause when a token cannot be read as a JWT: an opaque token (no dots) or an
 * encrypted one (five parts) is what an IdP hands out when the request did not name this API.
 * Other malformed tokens keep their own description.
 */
export function explainUnreadableToken(failure: Failure, token: string, hint: string): Failure {
  const opaque = failure.code === 'token_malformed' && !token.includes('.');
  if (!opaque && failure.code !== 'token_encrypted') return failure;
  const what = opaque ? 'The token is opaque (not a JWT)' : failure.description;
  return { ...failure, description: `${what}: ${hint}` };
}
