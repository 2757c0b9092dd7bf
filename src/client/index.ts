/**
 * `bearer-guard/client`: a machine-to-machine (client-credentials) token client for services that
 * call other APIs — cached tokens, refresh ahead, one request in flight, and backoff exactly as the
 * IdP's rate-limit headers say.
 *
 * @example
 * ```ts
 * import { createTokenClient } from 'bearer-guard/client';
 *
 * const client = createTokenClient({
 *   issuer: 'https://example.eu.auth0.com/',
 *   clientId: 'svc-orders',
 *   clientSecret: process.env.CLIENT_SECRET!,
 *   audience: 'https://billing.example.com',
 * });
 * const res = await client.authorizedFetch('https://billing.example.com/invoices');
 * ```
 *
 * @packageDocumentation
 */
export { createTokenClient, type TokenClient } from './create-token-client.js';
export type { TokenClientOptions, TokenRequestOptions } from './options.js';
export type { AuthorizedFetch, AuthorizedFetchOptions } from './authorized-fetch.js';
export { TokenClientError, type TokenClientErrorCode } from './token-client-error.js';
export type { TokenClientEvent, TokenTargetInfo } from './events.js';
export type { ClientAuthMethod, ClientAuthOptions } from '../core/oauth/client-auth.js';
export type { PrivateKeyInput } from '../core/oauth/client-key.js';
