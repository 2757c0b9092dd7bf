import type { IncomingMessage, ServerResponse } from 'node:http';
import { discoveryDocument, discoveryUrlsFor, type DiscoveryForm, type DiscoveryUrls } from './discovery.js';
import { createFaultInjector, type FailOptions, type Fault, type FaultEndpoint, type HitCounters } from './faults.js';
import type { AsymmetricAlgorithm, KeyRing, PublishedJwk } from './keys.js';
import { createNamedTokens, type NamedTokens } from './named-tokens.js';
import type { ServerProfile } from './shapes.js';
import { createClientRegistry, type TestClientRegistration } from './test-clients.js';
import { createTokenRoute, type TokenRequestRecord } from './token-endpoint.js';
import { buildPayload, mintToken, type TokenOptions } from './tokens.js';
import { createIntrospectionRoute } from './introspection-endpoint.js';
import { createTokenRegistry } from './token-registry.js';

/**
 * One local authorization server: its issuer URL, keys, token minting,
 * fault injection and request counters.
 */
export interface TestAuthorizationServer {
  /** The issuer URL, exactly as it appears in `iss` (Auth0's keeps its trailing `/`). */
  readonly issuer: string;
  /** `http://127.0.0.1:{port}`. */
  readonly origin: string;
  readonly jwksUri: string;
  /** The default `aud` of minted tokens. */
  readonly audience: string;
  /** Every discovery URL, whether or not the `discovery` option serves it. */
  readonly discoveryUrls: DiscoveryUrls;
  /** Mints a signed access token (compact JWS). */
  token(options?: TokenOptions): Promise<string>;
  /** Named good and bad tokens: `await issuer.tokens.expired()`. */
  readonly tokens: NamedTokens;
  /** SPKI PEM of the current public key of `alg` (default RS256), e.g. as an HS256 secret for confusion tests. */
  publicKeyPem(alg?: AsymmetricAlgorithm): string;
  /** A copy of the JWKS as currently served. */
  publicJwks(): { keys: PublishedJwk[] };
  /** New keys (new kids) for every algorithm; old ones leave the JWKS unless `keepOld`. */
  rotateKeys(options?: { keepOld?: boolean }): Promise<void>;
  /** Publishes one more key of `alg` and returns its kid; sign with it via `token({ kid })`. */
  addKey(alg: AsymmetricAlgorithm): Promise<string>;
  /** Makes `endpoint` misbehave until `restore()` (or for one request with `{ once: true }`). */
  fail(endpoint: FaultEndpoint, fault: Fault, options?: FailOptions): void;
  /** Clears faults of `endpoint` (default: all) and answers requests parked by `'hang'`. */
  restore(endpoint?: FaultEndpoint): void;
  /** Live request counts per endpoint, failed requests included. */
  readonly hits: HitCounters;
  /** Zeroes the counters and forgets the token requests recorded so far. */
  resetHits(): void;
  /** The token endpoint URL (also in the discovery documents). */
  readonly tokenEndpoint: string;
  /**
   * Registers (or replaces) a client of the token endpoint's client-credentials grant: a secret for
   * `client_secret_basic`/`client_secret_post`, a public key for `private_key_jwt`, the scopes and
   * audiences it may be granted.
   */
  registerClient(client: TestClientRegistration): void;
  /** The token requests answered without a fault since the last `resetHits()`, oldest first (the latest 1,000). */
  tokenRequests(): readonly TokenRequestRecord[];
  /**
   * The RFC 7662 introspection endpoint (also in the discovery documents). Registered clients
   * authenticate as at the token endpoint; it answers for opaque tokens and this issuer's JWTs.
   */
  readonly introspectionEndpoint: string;
  /**
   * Mints an opaque (reference) access token: a random string, with the claims `token()` would
   * sign kept at the issuer, where only its introspection endpoint can read them.
   */
  opaqueToken(options?: TokenOptions): string;
  /** Revokes a token (opaque or JWT): from now on the introspection endpoint says it is not active. */
  revoke(token: string): void;
}

/** @internal */
export interface AuthorizationServerSetup {
  origin: string;
  profile: ServerProfile;
  keys: KeyRing;
  now: () => number;
  audience: string | undefined;
  discovery: readonly DiscoveryForm[];
  discoveryIssuer: string | undefined;
  jwksCacheControl: string;
}

/** Answers a request for one path. @internal */
export type Route = (res: ServerResponse, req: IncomingMessage) => void;

const maxRecordedTokenRequests = 1000;

/**
 * Builds one authorization server and the routes it needs on the shared HTTP server.
 *
 * @internal
 */
export function createAuthorizationServer(setup: AuthorizationServerSetup): {
  server: TestAuthorizationServer;
  routes: Map<string, Route>;
  postRoutes: Map<string, Route>;
} {
  const { origin, profile, keys, now } = setup;
  const issuer = `${origin}${profile.issuerPath}`;
  const jwksUri = `${origin}${profile.jwksPath}`;
  const audience = setup.audience ?? profile.defaultAudience(issuer);
  const discoveryUrls = discoveryUrlsFor(issuer);
  const tokenEndpoint = `${origin}${profile.tokenPath}`;
  const faults = createFaultInjector();
  const introspectionEndpoint = `${origin}${profile.tokenPath.replace(/token$/, 'introspect')}`;
  const clients = createClientRegistry({ issuer, tokenEndpoint, introspectionEndpoint, defaultAudience: audience, now });
  const registry = createTokenRegistry({ issuer, keys, now });
  let tokenRequests: TokenRequestRecord[] = [];
  const token = (options?: TokenOptions): Promise<string> => mintToken({ issuer, audience, profile, keys, now }, options);

  const json = (body: unknown, headers: Record<string, string> = {}) => ({
    status: 200,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const metadata = discoveryDocument({
    issuer: setup.discoveryIssuer ?? issuer,
    jwksUri,
    authorizationEndpoint: `${origin}${profile.authorizePath}`,
    tokenEndpoint,
    introspectionEndpoint,
  });

  const routes = new Map<string, Route>();
  routes.set(profile.jwksPath, (res) =>
    faults.handle('jwks', res, () => json(keys.publicJwks(), { 'cache-control': setup.jwksCacheControl })),
  );
  for (const form of setup.discovery) {
    // Without an issuer path, rfc8414 and okta share a URL: one route, one hit per request.
    routes.set(new URL(discoveryUrls[form]).pathname, (res) => faults.handle('discovery', res, () => json(metadata)));
  }

  const postRoutes = new Map<string, Route>([
    [
      profile.tokenPath,
      createTokenRoute({
        issuer,
        faults,
        clients,
        mint: token,
        record(entry) {
          tokenRequests.push(entry);
          if (tokenRequests.length > maxRecordedTokenRequests) tokenRequests.shift();
        },
      }),
    ],
    [new URL(introspectionEndpoint).pathname, createIntrospectionRoute({ issuer, faults, clients, tokens: registry, keys, now })],
  ]);

  const server: TestAuthorizationServer = {
    issuer,
    origin,
    jwksUri,
    audience,
    discoveryUrls,
    token,
    tokens: createNamedTokens(token, now, profile),
    publicKeyPem(alg = 'RS256') {
      return keys.current(alg).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    },
    publicJwks: () => keys.publicJwks(),
    async rotateKeys(options = {}) {
      await keys.rotate(options.keepOld === true);
    },
    addKey: (alg) => keys.add(alg),
    fail: (endpoint, fault, options) => faults.fail(endpoint, fault, options),
    restore: (endpoint) => faults.restore(endpoint),
    hits: faults.hits,
    resetHits() {
      faults.resetHits();
      tokenRequests = [];
    },
    tokenEndpoint,
    registerClient: (client) => clients.register(client),
    tokenRequests: () => [...tokenRequests],
    introspectionEndpoint,
    opaqueToken: (options = {}) => registry.issueOpaque(buildPayload({ issuer, audience, profile, keys, now }, options)),
    revoke: (token) => registry.revoke(token),
  };
  return { server, routes, postRoutes };
}
