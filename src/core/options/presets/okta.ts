import type { Algorithm } from '../../jws/algorithms.js';
import type { IssuerConfig } from '../options.js';
import { originOf } from './origin.js';

/** Options for the {@link okta} preset. */
export interface OktaPresetOptions {
  /** Your Okta domain, e.g. `dev-123.okta.com` or a custom domain. */
  domain: string;
  /**
   * The authorization server id: `'default'` (the default), another custom server id, or `'org'`
   * for the org authorization server. Okta says org-server access tokens are for Okta's own APIs,
   * so `'org'` must be asked for explicitly.
   */
  authorizationServer?: string;
  audience?: string | string[];
  algorithms?: Algorithm[];
}

/**
 * An Okta authorization server as an issuer entry, with its JWKS URL (no discovery needed).
 * Custom server: issuer `https://{domain}/oauth2/{id}`, keys `/oauth2/{id}/v1/keys`.
 * Org server: issuer `https://{domain}`, keys `/oauth2/v1/keys`.
 *
 * @example
 * ```ts
 * bearerAuth({ issuers: [okta({ domain: 'dev-123.okta.com' })], audience: 'api://default' });
 * ```
 */
export function okta(options: OktaPresetOptions): IssuerConfig {
  const origin = originOf(options?.domain, 'okta()');
  const server = options.authorizationServer ?? 'default';
  if (typeof server !== 'string' || !/^[A-Za-z0-9_-]+$/.test(server)) {
    throw new TypeError(`bearer-guard: okta(): authorizationServer must be an id like 'default' or 'aus1a2b3c', or 'org'`);
  }
  const base =
    server === 'org'
      ? { issuer: origin, jwksUri: `${origin}/oauth2/v1/keys`, kind: 'okta-org' as const }
      : { issuer: `${origin}/oauth2/${server}`, jwksUri: `${origin}/oauth2/${server}/v1/keys`, kind: 'okta-custom' as const };
  return {
    ...base,
    ...(options.audience !== undefined ? { audience: options.audience } : {}),
    ...(options.algorithms ? { algorithms: options.algorithms } : {}),
  };
}
