import type { Algorithm } from '../../jws/algorithms.js';
import type { IssuerConfig } from '../options.js';
import { originOf } from './origin.js';

/** Options for the {@link auth0} preset. */
export interface Auth0PresetOptions {
  /** Your Auth0 tenant or custom domain, e.g. `example.eu.auth0.com`. */
  domain: string;
  audience?: string | string[];
  algorithms?: Algorithm[];
}

/**
 * An Auth0 tenant as an issuer entry: issuer `https://{domain}/` (with the trailing slash Auth0
 * puts in `iss`), keys `https://{domain}/.well-known/jwks.json`.
 *
 * @example
 * ```ts
 * bearerAuth({ issuers: [auth0({ domain: 'example.eu.auth0.com' })], audience: 'https://api.example.com' });
 * ```
 */
export function auth0(options: Auth0PresetOptions): IssuerConfig {
  const origin = originOf(options?.domain, 'auth0()');
  return {
    issuer: `${origin}/`,
    jwksUri: `${origin}/.well-known/jwks.json`,
    kind: 'auth0',
    ...(options.audience !== undefined ? { audience: options.audience } : {}),
    ...(options.algorithms ? { algorithms: options.algorithms } : {}),
  };
}
