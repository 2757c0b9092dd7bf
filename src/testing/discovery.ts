/**
 * The three places metadata can live:
 * - `'oidc'`: `{issuer}/.well-known/openid-configuration` (OIDC Discovery §4, appended);
 * - `'rfc8414'`: `{origin}/.well-known/oauth-authorization-server{issuerPath}` (RFC 8414 §3, inserted);
 * - `'okta'`: `{issuer}/.well-known/oauth-authorization-server` (appended, as Okta serves it).
 */
export type DiscoveryForm = 'oidc' | 'rfc8414' | 'okta';

/** The URL of every {@link DiscoveryForm} for one issuer. For an issuer without a path, `rfc8414` and `okta` are equal. */
export type DiscoveryUrls = Record<DiscoveryForm, string>;

export const DISCOVERY_FORMS: readonly DiscoveryForm[] = ['oidc', 'rfc8414', 'okta'];

/**
 * Derives the discovery URLs of `issuer`. A terminating `/` is removed
 * before appending (OIDC Discovery §4.1), which is what makes Auth0's
 * `https://tenant/` issuer work.
 *
 * @internal
 */
export function discoveryUrlsFor(issuer: string): DiscoveryUrls {
  const url = new URL(issuer);
  const base = issuer.replace(/\/$/, '');
  const issuerPath = url.pathname.replace(/\/$/, '');
  return {
    oidc: `${base}/.well-known/openid-configuration`,
    rfc8414: `${url.origin}/.well-known/oauth-authorization-server${issuerPath}`,
    okta: `${base}/.well-known/oauth-authorization-server`,
  };
}

/** @internal */
export interface DiscoveryFields {
  /** The `issuer` to advertise (normally the real one). */
  issuer: string;
  jwksUri: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  introspectionEndpoint: string;
}

/**
 * The metadata document, the same for every form: a realistic subset of what
 * Okta and Auth0 publish.
 *
 * @internal
 */
export function discoveryDocument(fields: DiscoveryFields): Record<string, unknown> {
  return {
    issuer: fields.issuer,
    authorization_endpoint: fields.authorizationEndpoint,
    token_endpoint: fields.tokenEndpoint,
    introspection_endpoint: fields.introspectionEndpoint,
    jwks_uri: fields.jwksUri,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    code_challenge_methods_supported: ['S256'],
  };
}
