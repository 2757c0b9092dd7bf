import type { Duration } from '../options/options.js';
import { parseDurationSeconds } from '../lib/duration.js';
import { isAsymmetricAlgorithm, type AsymmetricAlgorithm } from '../jws/algorithms.js';
import { jwtBearerAssertionType, signClientAssertion } from './client-assertion.js';
import { importSigningKey, type PrivateKeyInput, type SigningKey } from './client-key.js';
import { basicAuthorization } from './client-secret.js';

/** How a client proves its identity to the authorization server's token, introspection or revocation endpoint. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

/** The client's identity and how it authenticates. Checked once, at construction. */
export interface ClientAuthOptions {
  /** The client id the authorization server registered. */
  clientId: string;
  /** The client secret (`client_secret_basic` or `client_secret_post`). */
  clientSecret?: string;
  /** The private key of `private_key_jwt` (RFC 7523): a `KeyObject`, a private JWK or a PEM string. */
  privateKey?: PrivateKeyInput;
  /**
   * Default: `private_key_jwt` with a `privateKey`, `client_secret_basic` with a `clientSecret`.
   * Giving both a secret and a key needs an explicit method.
   */
  authMethod?: ClientAuthMethod;
  /** Algorithm of the client assertion. Default: the JWK's `alg`, else RS256 / PS256 / ES256… / EdDSA from the key. */
  signingAlgorithm?: AsymmetricAlgorithm;
  /** `kid` in the assertion header. Default: the JWK's `kid`, if any. */
  keyId?: string;
  /** Lifetime of a client assertion. Default `'60s'`; at most 5 minutes. */
  assertionLifetime?: Duration;
  /**
   * `aud` of client assertions. Default: the URL of the endpoint being called, which is what Okta
   * requires (RFC 7523 allows the issuer too; Auth0 expects `https://{domain}/`).
   */
  assertionAudience?: string;
}

/** What a request to an authorization-server endpoint must carry: extra headers and extra form parameters. */
export interface ClientCredentials {
  readonly headers: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, string>>;
}

/** A client's authentication, ready to sign requests. Holds the secret or key privately. */
export interface ClientAuthentication {
  readonly clientId: string;
  readonly method: ClientAuthMethod;
  /**
   * The credentials for one request to `endpoint` (a fresh assertion each time for `private_key_jwt`).
   * `audience` overrides the assertion's `aud` for this call (e.g. the issuer).
   */
  credentialsFor(endpoint: string, options?: { audience?: string }): Promise<ClientCredentials>;
}

const maxAssertionLifetimeSeconds = 300;

/**
 * Builds a client's authentication for requests to an authorization server's endpoints:
 * `client_secret_basic` (RFC 6749 §2.3.1, id and secret form-urlencoded before base64),
 * `client_secret_post` (id and secret in the form body), or `private_key_jwt` (RFC 7523 client
 * assertion signed with the configured key). Misconfiguration throws a `TypeError` here, never later;
 * no message contains the secret or the key.
 *
 * @example
 * ```ts
 * const auth = createClientAuthentication({ clientId: 'svc-orders', privateKey: process.env.CLIENT_KEY_PEM! });
 * const { headers, params } = await auth.credentialsFor('https://dev-123.okta.com/oauth2/default/v1/token');
 * const body = new URLSearchParams({ grant_type: 'client_credentials', ...params });
 * await fetch('https://dev-123.okta.com/oauth2/default/v1/token', { method: 'POST', headers, body });
 * ```
 */
export function createClientAuthentication(
  options: ClientAuthOptions,
  deps: { clock?: () => number } = {},
): ClientAuthentication {
  if (typeof options !== 'object' || options === null) throw new TypeError('bearer-guard: client authentication options are required');
  const { clientId, clientSecret, privateKey } = options;
  if (typeof clientId !== 'string' || clientId.length === 0) {
    throw new TypeError('bearer-guard: clientId must be the non-empty client id the authorization server registered');
  }
  if (clientSecret !== undefined && (typeof clientSecret !== 'string' || clientSecret.length === 0)) {
    throw new TypeError('bearer-guard: clientSecret must be a non-empty string');
  }
  const method = chooseMethod(options);
  const clock = deps.clock ?? Date.now;

  if (method === 'client_secret_basic' || method === 'client_secret_post') {
    if (clientSecret === undefined) throw new TypeError(`bearer-guard: authMethod '${method}' needs clientSecret`);
    const credentials: ClientCredentials =
      method === 'client_secret_basic'
        ? { headers: { authorization: basicAuthorization(clientId, clientSecret) }, params: {} }
        : { headers: {}, params: { client_id: clientId, client_secret: clientSecret } };
    return { clientId, method, credentialsFor: () => Promise.resolve(credentials) };
  }

  if (privateKey === undefined) throw new TypeError("bearer-guard: authMethod 'private_key_jwt' needs privateKey");
  if (options.signingAlgorithm !== undefined && !isAsymmetricAlgorithm(options.signingAlgorithm)) {
    throw new TypeError(`bearer-guard: signingAlgorithm must be an asymmetric JWS algorithm such as RS256, ES256 or EdDSA; got ${JSON.stringify(options.signingAlgorithm)}`);
  }
  if (options.keyId !== undefined && (typeof options.keyId !== 'string' || options.keyId.length === 0)) {
    throw new TypeError('bearer-guard: keyId must be a non-empty string');
  }
  const signing: SigningKey = importSigningKey(privateKey, { alg: options.signingAlgorithm, kid: options.keyId }, 'privateKey');
  const lifetimeSeconds = assertionLifetimeSeconds(options.assertionLifetime);
  const fixedAudience = checkAudience(options.assertionAudience);
  return {
    clientId,
    method,
    async credentialsFor(endpoint, call = {}) {
      const audience = fixedAudience ?? call.audience ?? endpoint;
      const assertion = signClientAssertion(signing, { clientId, audience, nowMs: clock(), lifetimeSeconds });
      return {
        headers: {},
        params: { client_id: clientId, client_assertion_type: jwtBearerAssertionType, client_assertion: assertion },
      };
    },
  };
}

function chooseMethod(options: ClientAuthOptions): ClientAuthMethod {
  const methods: readonly ClientAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];
  if (options.authMethod !== undefined) {
    if (!methods.includes(options.authMethod)) {
      throw new TypeError(`bearer-guard: authMethod must be one of ${methods.join(', ')}; got ${JSON.stringify(options.authMethod)}`);
    }
    return options.authMethod;
  }
  const hasSecret = options.clientSecret !== undefined;
  const hasKey = options.privateKey !== undefined;
  if (hasSecret && hasKey) {
    throw new TypeError('bearer-guard: both clientSecret and privateKey are set; choose one with authMethod');
  }
  if (hasKey) return 'private_key_jwt';
  if (hasSecret) return 'client_secret_basic';
  throw new TypeError('bearer-guard: a client needs clientSecret (client_secret_basic/post) or privateKey (private_key_jwt)');
}

function assertionLifetimeSeconds(value: Duration | undefined): number {
  const seconds = value === undefined ? 60 : parseDurationSeconds(value, 'assertionLifetime');
  if (seconds < 1 || seconds > maxAssertionLifetimeSeconds) {
    throw new TypeError(`bearer-guard: assertionLifetime must be between 1s and 5m (a client assertion is meant to be short-lived); got ${JSON.stringify(value)}`);
  }
  return Math.floor(seconds);
}

function checkAudience(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError('bearer-guard: assertionAudience must be a non-empty string (the token endpoint URL or the issuer)');
  }
  return value;
}
