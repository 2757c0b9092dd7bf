import { randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
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

/** Adds the client's credentials to a token request, as its `auth` method says. */
export async function authenticate(
  client: ProviderClient,
  tokenEndpoint: string,
  body: URLSearchParams,
  headers: Record<string, string>,
): Promise<void> {
  if (client.auth === 'client_secret_basic') {
    // RFC 6749 §2.3.1: form-encode each part before joining them.
    const user = encodeURIComponent(client.clientId);
    const pass = encodeURIComponent(client.secret ?? '');
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  } else if (client.auth === 'client_secret_post') {
    body.set('client_id', client.clientId);
    body.set('client_secret', client.secret ?? '');
  } else {
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(client.clientId)
      .setSubject(client.clientId)
      .setAudience(tokenEndpoint)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(client.privateKey!);
    body.set('client_id', client.clientId);
    body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    body.set('client_assertion', assertion);
  }
}
