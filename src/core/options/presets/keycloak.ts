import type { Algorithm } from '../../jws/algorithms.js';
import type { IssuerConfig } from '../options.js';
import { configurationError } from '../../errors/configuration-error.js';

/** Options for the {@link keycloak} preset. */
export interface KeycloakPresetOptions {
  /** The server's base URL, e.g. `https://sso.example.com` (or `…/auth` for Keycloak before 17). */
  url: string;
  /** The realm name. */
  realm: string;
  /**
   * The audience this API expects in `aud`. Keycloak puts only `account` there unless the client
   * has an audience mapper for this API; a token without it is refused with the mapper fix.
   */
  audience?: string | string[];
  algorithms?: Algorithm[];
}

function fail(message: string): never {
  return configurationError(`keycloak(): ${message}`);
}

/**
 * A Keycloak realm as an issuer entry: issuer `{url}/realms/{realm}`, keys
 * `{issuer}/protocol/openid-connect/certs`. Scopes are read from `scope`; realm roles are in
 * `realm_access.roles` and client roles in `resource_access.{client}.roles` (see `requireRoles`).
 *
 * @example
 * ```ts
 * bearerAuth({ issuers: [keycloak({ url: 'https://sso.example.com', realm: 'shop', audience: 'orders-api' })] });
 * ```
 */
export function keycloak(options: KeycloakPresetOptions): IssuerConfig {
  if (typeof options !== 'object' || options === null) fail('pass { url, realm, audience }');
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    fail(`url must be the server's base URL such as 'https://sso.example.com', got ${JSON.stringify(options.url)}`);
  }
  if (base.search || base.hash || /\/realms(\/|$)/.test(base.pathname)) {
    fail(`url is the server's base URL without /realms/… (the realm goes in \`realm\`), got ${JSON.stringify(options.url)}`);
  }
  if (typeof options.realm !== 'string' || !/^[^/?#\s]+$/.test(options.realm)) {
    fail(`realm must be a realm name, got ${JSON.stringify(options.realm)}`);
  }
  const issuer = `${base.origin}${base.pathname.replace(/\/$/, '')}/realms/${encodeURIComponent(options.realm)}`;
  return {
    issuer,
    jwksUri: `${issuer}/protocol/openid-connect/certs`,
    kind: 'keycloak',
    ...(options.audience !== undefined ? { audience: options.audience } : {}),
    ...(options.algorithms ? { algorithms: options.algorithms } : {}),
  };
}
