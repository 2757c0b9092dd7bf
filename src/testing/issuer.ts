import { createAuthorizationServer, type Route, type TestAuthorizationServer } from './authorization-server.js';
import { toNowFunction, type ClockSource } from './clock.js';
import { DISCOVERY_FORMS, type DiscoveryForm } from './discovery.js';
import { createKeyRing } from './keys.js';
import { startHttpServer } from './server.js';
import { profilesFor, TENANT_SHAPES, type IssuerShape } from './shapes.js';

/** Options of {@link createTestIssuer}. */
export interface TestIssuerOptions {
  /** Which authorization server to imitate. Default `'generic'`. */
  shape?: IssuerShape;
  /** Okta custom authorization server id (`okta-custom` only). Default `'default'`. */
  authorizationServerId?: string;
  /**
   * The tenant in the issuer path: the Entra directory (tenant) id, the Cognito user pool id or the
   * Keycloak realm (`entra-v2`, `entra-v1`, `cognito`, `keycloak` only). Default: an example value.
   */
  tenant?: string;
  /**
   * Default `aud` of tokens. Defaults: generic and auth0 `'https://api.example.test'`,
   * okta-custom `'api://default'`, okta-org the issuer URL.
   */
  audience?: string;
  /** Time source for `iat`/`exp`/`nbf` (epoch ms). Default `Date.now`. */
  clock?: ClockSource;
  /** Which discovery documents are served. Default all three. */
  discovery?: DiscoveryForm[];
  /** Advertise this `issuer` in discovery documents instead of the real one (issuer-mismatch tests). */
  discoveryIssuer?: string;
  /** `Cache-Control` of the JWKS response. Default `'max-age=300'`. */
  jwksCacheControl?: string;
}

/** A running local issuer. Close it when the test ends (or `await using` it). */
export interface TestIssuer extends TestAuthorizationServer {
  readonly shape: IssuerShape;
  /**
   * `okta-custom` only: the org authorization server on the same origin, with
   * its own keys, counters and faults, like a real Okta domain.
   */
  readonly orgServer?: TestAuthorizationServer;
  /** Closes the server and every open socket (hanging requests too). Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a real authorization server on 127.0.0.1 (random port) that serves
 * discovery documents and a JWKS, and mints tokens signed with its keys.
 * Each issuer is fully independent: several can run in one test.
 *
 * @throws TypeError on an invalid option.
 *
 * @example
 * ```ts
 * import { createTestIssuer } from 'bearer-guard/testing';
 *
 * const issuer = await createTestIssuer({ shape: 'okta-custom' });
 * try {
 *   const token = await issuer.token({ scopes: ['orders:read'] });
 *   const expired = await issuer.tokens.expired();
 *   issuer.fail('jwks', { status: 429, headers: { 'x-rate-limit-reset': '1767225617' } });
 *   // …call your API with `Authorization: Bearer ${token}`…
 * } finally {
 *   await issuer.close();
 * }
 * ```
 */
export async function createTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const shape = options.shape ?? 'generic';
  if (options.authorizationServerId !== undefined && shape !== 'okta-custom') {
    throw new TypeError(`authorizationServerId only applies to shape 'okta-custom' (shape is '${shape}')`);
  }
  if (options.tenant !== undefined && !TENANT_SHAPES.has(shape)) {
    throw new TypeError(`tenant only applies to shapes ${[...TENANT_SHAPES].map((s) => `'${s}'`).join(', ')} (shape is '${shape}')`);
  }
  const profiles = profilesFor(shape, options.authorizationServerId ?? 'default', options.tenant);
  const discovery = checkDiscovery(options.discovery);
  checkOptionalString(options.audience, 'audience');
  checkOptionalString(options.discoveryIssuer, 'discoveryIssuer');
  checkOptionalString(options.jwksCacheControl, 'jwksCacheControl');
  const now = toNowFunction(options.clock);

  const starting = startHttpServer(now);
  let keyRings;
  try {
    keyRings = await Promise.all([createKeyRing(), profiles.org ? createKeyRing() : undefined]);
  } catch (error) {
    await starting.then((started) => started.close(), () => undefined);
    throw error;
  }
  const http = await starting;
  const [primaryKeys, orgKeys] = keyRings;

  const common = { origin: http.origin, now, discovery, jwksCacheControl: options.jwksCacheControl ?? 'max-age=300' };
  const primary = createAuthorizationServer({
    ...common,
    profile: profiles.primary,
    keys: primaryKeys,
    audience: options.audience,
    discoveryIssuer: options.discoveryIssuer,
  });
  const org =
    profiles.org && orgKeys
      ? createAuthorizationServer({
          ...common,
          profile: profiles.org,
          keys: orgKeys,
          audience: undefined,
          discoveryIssuer: undefined,
        })
      : undefined;
  http.setRoutes(
    new Map<string, Route>([...(org?.routes ?? []), ...primary.routes]),
    new Map<string, Route>([...(org?.postRoutes ?? []), ...primary.postRoutes]),
  );

  const close = (): Promise<void> => http.close();
  return {
    ...primary.server,
    shape,
    ...(org ? { orgServer: org.server } : {}),
    close,
    [Symbol.asyncDispose]: close,
  };
}

function checkDiscovery(forms: DiscoveryForm[] | undefined): readonly DiscoveryForm[] {
  if (forms === undefined) return DISCOVERY_FORMS;
  if (!Array.isArray(forms) || forms.some((form) => !DISCOVERY_FORMS.includes(form))) {
    throw new TypeError(`discovery must be an array of ${DISCOVERY_FORMS.map((f) => `'${f}'`).join(', ')}`);
  }
  return [...forms];
}

function checkOptionalString(value: unknown, name: string): void {
  if (value !== undefined && (typeof value !== 'string' || value === '')) {
    throw new TypeError(`${name} must be a non-empty string`);
  }
}
