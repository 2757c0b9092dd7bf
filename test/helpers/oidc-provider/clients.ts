import { randomUUID, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { createClientAuthentication } from '../../../src/core/oauth/client-auth.js';
import type { ClientMetadata } from 'oidc-provider';
import { createProviderKey } from './keys.js';

/** How a client authenticates at the token endpoint. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

/** A client-credentials client to register with the provider. */
export interface ProviderClientOptions {
  clientId: string;
  /** Default `client_secret_basic`. */
  auth?: ClientAuthMethod;
  /** Default: a random secret (not used by `private_key_jwt`). */
  secret?: string;
  /** Extra client metadata, merged last (e.g. `dpop_bound_access_tokens: true`). */
  metadata?: Partial<ClientMetadata>;
}

/** A registered client and what a test needs to authenticate as it. */
export interface ProviderClient {
  readonly clientId: string;
  readonly auth: ClientAuthMethod;
  readonly secret: string | undefined;
  /** The `private_key_jwt` signing key (ES256); its public JWK is registered with the provider. */
  readonly privateKey: KeyObject | undefined;
  readonly publicJwk: JWK | undefined;
  readonly metadata: ClientMetadata;
}

/** Builds a client and its registration metadata (a key pair for `private_key_jwt`). */
export async function createProviderClient(options: ProviderClientOptions): Promise<ProviderClient> {
  const auth = options.auth ?? 'client_secret_basic';
  const base: ClientMetadata = {
    client_id: options.clientId,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    token_endpoint_auth_method: auth,
  };
  if (auth === 'private_key_jwt') {
    const key = await createProviderKey('ES256');
    const metadata = { ...base, jwks: { keys: [key.publicJwk] }, ...options.metadata } as ClientMetadata;
    return { clientId: options.clientId, auth, secret: undefined, privateKey: key.privateKey, publicJwk: key.publicJwk, metadata };
  }
  const secret = options.secret ?? randomUUID();
  const metadata = { ...base, client_secret: secret, ...options.metadata } as ClientMetadata;
  return { clientId: options.clientId, auth, secret, privateKey: undefined, publicJwk: undefined, metadata };
}

/** Adds the client's credentials to a token request, as its `auth` method says (bearer-guard's own client authentication). */
export async function authenticate(
  client: ProviderClient,
  tokenEndpoint: string,
  body: URLSearchParams,
  headers: Record<string, string>,
): Promise<void> {
  const credentials = await createClientAuthentication({
    clientId: client.clientId,
    authMethod: client.auth,
    ...(client.auth === 'private_key_jwt' ? { privateKey: client.privateKey } : { clientSecret: client.secret }),
  }).credentialsFor(tokenEndpoint);
  Object.assign(headers, credentials.headers);
  for (const [name, value] of Object.entries(credentials.params)) body.set(name, value);
}
