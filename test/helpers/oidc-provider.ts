/**
 * A real, certified OpenID Provider (panva's oidc-provider) for tests: it listens on 127.0.0.1 on
 * an ephemeral port and issues access tokens through the client-credentials grant, JWTs when the
 * request names a resource (RFC 8707) that the harness knows.
 *
 * Options are additive: each engineer's feature adds an option (or passes provider `features` /
 * `configuration` through) rather than writing another harness.
 *
 * The provider reads the real clock (oidc-provider has no clock option). Tests about expiry move
 * the verifier's injected clock instead of sleeping.
 *
 * @example
 * const op = await startOidcProvider({ algorithms: ['ES256'] });
 * after(() => op.close());
 * const { access_token } = await op.token({ resource: op.resource, scope: 'read' });
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { errors, type Configuration } from 'oidc-provider';
import { authenticate, createProviderClient, type ProviderClient, type ProviderClientOptions } from './oidc-provider/clients.js';
import { createProviderKey, type ProviderAlgorithm, type ProviderKey } from './oidc-provider/keys.js';
import { createMemoryStore } from './oidc-provider/memory-store.js';

export type { ProviderAlgorithm, ProviderKey } from './oidc-provider/keys.js';
export type { ClientAuthMethod, ProviderClient, ProviderClientOptions } from './oidc-provider/clients.js';

/** A resource server (API) the provider issues tokens for. */
export interface ProviderResource {
  /** The RFC 8707 resource indicator; also the token's `aud` unless `audience` is set. */
  resource: string;
  /** Scopes the API defines (space-separated). Default `'read write'`. */
  scope?: string;
  audience?: string;
  /** Signing algorithm of its JWT access tokens. Default: the first key's algorithm. */
  algorithm?: ProviderAlgorithm;
  /** Access-token lifetime in seconds. Default: the harness's `accessTokenTtlSeconds`. */
  accessTokenTtlSeconds?: number;
  /** Default `'jwt'`; `'opaque'` for introspection tests. */
  format?: 'jwt' | 'opaque';
}

export interface StartOidcProviderOptions {
  /** One signing key per algorithm, the first is the default. Default `['RS256']`. */
  algorithms?: ProviderAlgorithm[];
  /** Publish JWKs without `alg` (as Entra ID and Okta do). Default false. */
  keysWithoutAlg?: boolean;
  /** Default: one resource, `https://api.example.test/`. */
  resources?: ProviderResource[];
  /** Default: `api-client` with `client_secret_basic`. */
  clients?: ProviderClientOptions[];
  /** Default 300. */
  accessTokenTtlSeconds?: number;
  /** Provider features merged over the harness's (e.g. `{ introspection: { enabled: true } }`). */
  features?: Configuration['features'];
  /** Provider configuration merged last, for anything the options above do not cover. */
  configuration?: Partial<Configuration>;
}

/** A token request; `resource` absent yields an opaque token, as the provider decides. */
export interface TokenRequest {
  /** Default: the first client. */
  clientId?: string;
  resource?: string;
  scope?: string;
  /** More form parameters and headers (e.g. a DPoP proof). */
  params?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope?: string;
  [member: string]: unknown;
}

export interface RunningOidcProvider {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly tokenEndpoint: string;
  /** The first resource indicator: the audience to configure by default. */
  readonly resource: string;
  readonly clients: readonly ProviderClient[];
  /** Keys published now, the signing key of each algorithm first. */
  keys(): readonly ProviderKey[];
  /** The provider instance serving requests now (it is replaced when keys change). */
  provider(): Provider;
  /** Asks for a token and fails with the provider's answer unless it is 200. */
  token(request?: TokenRequest): Promise<TokenResponse>;
  /** The raw token-endpoint response, for error cases. */
  tokenResponse(request?: TokenRequest): Promise<Response>;
  /**
   * Revokes a token at the RFC 7009 revocation endpoint as the client it was issued to (default the
   * first client); needs `features: { revocation: { enabled: true } }`.
   */
  revoke(token: string, clientId?: string): Promise<void>;
  /** Publishes a new key for `alg` and signs with it from now on; the old key stays published. */
  publishKey(alg?: ProviderAlgorithm): Promise<ProviderKey>;
  /** Stops publishing the key `kid` (the last step of a rotation). */
  retireKey(kid: string): Promise<void>;
  close(): Promise<void>;
}

const defaultResource = 'https://api.example.test/';

/**
 * Starts oidc-provider on 127.0.0.1. Every call has its own keys, clients and storage: nothing is
 * shared between providers, tests or files.
 */
export async function startOidcProvider(options: StartOidcProviderOptions = {}): Promise<RunningOidcProvider> {
  const algorithms = options.algorithms ?? ['RS256'];
  const withAlg = !options.keysWithoutAlg;
  let keys = await Promise.all(algorithms.map((alg) => createProviderKey(alg, { withAlg })));
  const resources = new Map((options.resources ?? [{ resource: defaultResource }]).map((r) => [r.resource, r]));
  const clients = await Promise.all((options.clients ?? [{ clientId: 'api-client' }]).map(createProviderClient));
  const ttl = options.accessTokenTtlSeconds ?? 300;
  const store = createMemoryStore();

  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configuration = (): Configuration => ({
    adapter: store,
    clients: clients.map((c) => c.metadata),
    // A number here would override the resource's own lifetime; the function lets it win.
    ttl: { ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? ttl },
    jwks: { keys: keys.map((k) => k.privateJwk) as NonNullable<Configuration['jwks']>['keys'] },
    ...options.configuration,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined as unknown as string,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, indicator) {
          const r = resources.get(indicator);
          if (!r) throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          return {
            scope: r.scope ?? 'read write',
            audience: r.audience ?? r.resource,
            accessTokenTTL: r.accessTokenTtlSeconds ?? ttl,
            accessTokenFormat: r.format ?? 'jwt',
            jwt: { sign: { alg: r.algorithm ?? keys[0]!.alg } },
          };
        },
      },
      ...options.features,
    },
  });
  let instance!: Provider;
  const install = () => {
    instance = new Provider(issuer, configuration());
    handle = instance.callback();
  };
  install();

  const tokenEndpoint = `${issuer}/token`;
  const tokenResponse = async (request: TokenRequest = {}) => {
    const client = request.clientId ? clients.find((c) => c.clientId === request.clientId) : clients[0];
    if (!client) throw new TypeError(`no client ${request.clientId}`);
    const body = new URLSearchParams({ grant_type: 'client_credentials', ...request.params });
    if (request.resource) body.set('resource', request.resource);
    if (request.scope) body.set('scope', request.scope);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...request.headers };
    await authenticate(client, tokenEndpoint, body, headers);
    return fetch(tokenEndpoint, { method: 'POST', body, headers });
  };

  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    tokenEndpoint,
    resource: [...resources.keys()][0]!,
    clients,
    keys: () => [...keys],
    provider: () => instance,
    tokenResponse,
    async revoke(token, clientId) {
      const client = clientId ? clients.find((c) => c.clientId === clientId) : clients[0];
      if (!client) throw new TypeError(`no client ${clientId}`);
      const endpoint = `${issuer}/token/revocation`;
      const body = new URLSearchParams({ token });
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      await authenticate(client, endpoint, body, headers);
      const res = await fetch(endpoint, { method: 'POST', body, headers });
      if (res.status !== 200) throw new Error(`revocation endpoint answered ${res.status}: ${await res.text()}`);
    },
    async token(request) {
      const res = await tokenResponse(request);
      const json = (await res.json()) as TokenResponse;
      if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${JSON.stringify(json)}`);
      return json;
    },
    async publishKey(alg = keys[0]!.alg) {
      const key = await createProviderKey(alg, { withAlg });
      keys = [key, ...keys];
      install();
      return key;
    },
    async retireKey(kid) {
      keys = keys.filter((k) => k.kid !== kid);
      install();
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}
