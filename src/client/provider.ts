import type { IssuerConfig } from '../core/options/options.js';

/** The authorization servers whose token requests differ from plain RFC 6749 + RFC 8707. */
export type Provider = 'generic' | 'okta' | 'auth0' | 'entra';

/** What a token request needs to know about who serves it. */
export interface ProviderProfile {
  readonly provider: Provider;
  /** The token endpoint when it follows from the issuer alone (presets); otherwise discovery finds it. */
  readonly tokenEndpoint: string | undefined;
  /** `aud` of `private_key_jwt` assertions, when the provider wants the issuer rather than the endpoint. */
  readonly assertionAudience: string | undefined;
}

/**
 * Reads the provider from an issuer given as a preset (`okta()`, `auth0()`, …) or a URL. Okta and
 * Auth0 token endpoints follow from the issuer, so presets need no discovery request.
 */
export function providerProfile(issuer: IssuerConfig | undefined): ProviderProfile {
  const kind = issuer?.kind as string | undefined;
  const url = issuer?.issuer;
  if (url !== undefined && kind === 'okta-custom') return { provider: 'okta', tokenEndpoint: `${url}/v1/token`, assertionAudience: undefined };
  if (url !== undefined && kind === 'okta-org') return { provider: 'okta', tokenEndpoint: `${url}/oauth2/v1/token`, assertionAudience: undefined };
  if (url !== undefined && kind === 'auth0') {
    // Auth0 expects https://{domain}/ as the assertion audience.
    return { provider: 'auth0', tokenEndpoint: `${url.replace(/\/$/, '')}/oauth/token`, assertionAudience: url };
  }
  if (url !== undefined && (kind === 'entra' || /^https:\/\/(login\.microsoftonline\.com|sts\.windows\.net)\//.test(url))) {
    return { provider: 'entra', tokenEndpoint: entraTokenEndpoint(url), assertionAudience: undefined };
  }
  if (url !== undefined && kind === 'keycloak') {
    return { provider: 'generic', tokenEndpoint: `${url}/protocol/openid-connect/token`, assertionAudience: undefined };
  }
  if (url !== undefined && /\.auth0\.com\/$/.test(url)) return { provider: 'auth0', tokenEndpoint: undefined, assertionAudience: url };
  if (url !== undefined && /\.(okta|oktapreview|okta-emea)\.com(\/|$)/.test(url)) return { provider: 'okta', tokenEndpoint: undefined, assertionAudience: undefined };
  return { provider: 'generic', tokenEndpoint: undefined, assertionAudience: undefined };
}

/**
 * Entra's v2.0 token endpoint of the issuer's tenant, for v2.0 (`login.microsoftonline.com/{t}/v2.0`)
 * and v1.0 (`sts.windows.net/{t}/`) issuers alike: the token version follows the API's manifest, not
 * the endpoint. A multi-tenant template (`{tenantid}`) names no tenant: undefined.
 */
function entraTokenEndpoint(issuer: string): string | undefined {
  const match = /^https:\/\/(?:login\.microsoftonline\.com\/([^/{}]+)\/v2\.0|sts\.windows\.net\/([^/{}]+)\/)$/.exec(issuer);
  const tenant = match?.[1] ?? match?.[2];
  return tenant === undefined ? undefined : `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`;
}

/** One token request's target: the scopes, and the API named by Auth0 `audience` or RFC 8707 `resource`. */
export interface TokenTarget {
  readonly scope: readonly string[];
  readonly audience: string | undefined;
  readonly resource: readonly string[];
}

/**
 * The grant's form parameters for `target`, shaped for the provider: Auth0 takes `audience`; Entra ID
 * takes the API as `scope=<API>/.default`; everyone may take RFC 8707 `resource`.
 */
export function tokenRequestParams(provider: Provider, target: TokenTarget): URLSearchParams {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  const scope =
    provider === 'entra' && target.audience !== undefined && target.scope.length === 0
      ? [`${target.audience.replace(/\/$/, '')}/.default`]
      : target.scope;
  if (scope.length > 0) form.set('scope', scope.join(' '));
  if (target.audience !== undefined && provider !== 'entra') form.set('audience', target.audience);
  for (const resource of target.resource) form.append('resource', resource);
  return form;
}

/**
 * Checks a target once, where it is configured. Throws a `TypeError` that says what to write instead.
 */
export function checkTarget(provider: Provider, target: TokenTarget): void {
  for (const scope of target.scope) {
    if (!/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope)) {
      throw new TypeError(`bearer-guard/client: scope ${JSON.stringify(scope)} is not a valid scope token (RFC 6749 §3.3: no spaces, quotes or backslashes)`);
    }
  }
  if (target.audience !== undefined && (typeof target.audience !== 'string' || target.audience.length === 0)) {
    throw new TypeError('bearer-guard/client: audience must be a non-empty string (the API identifier)');
  }
  for (const resource of target.resource) {
    let url: URL | undefined;
    try {
      url = new URL(resource);
    } catch {
      url = undefined;
    }
    if (!url || url.hash) {
      throw new TypeError(`bearer-guard/client: resource ${JSON.stringify(resource)} must be an absolute URI without a fragment (RFC 8707 §2)`);
    }
  }
  if (provider === 'okta' && target.audience !== undefined) {
    throw new TypeError(
      "bearer-guard/client: Okta does not take an audience in token requests: a custom authorization server's audience is set in its settings (Security > API), so remove audience and ask that server for the token",
    );
  }
  if (provider === 'entra' && target.audience !== undefined && target.scope.length > 0) {
    throw new TypeError(
      "bearer-guard/client: Entra ID client credentials take exactly one scope, '<API App ID URI>/.default'; give either audience (we send audience + '/.default') or scope, not both",
    );
  }
}
