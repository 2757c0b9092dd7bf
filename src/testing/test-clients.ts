import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Jwk } from '../core/keys/jwk.js';
import { durationToSeconds } from './duration.js';
import { verifyClientAssertion } from './verify-client-assertion.js';

/** A client registered with the test authorization server, as a real one would be in the IdP's console. */
export interface TestClientRegistration {
  clientId: string;
  /** Enables `client_secret_basic` and `client_secret_post`. */
  clientSecret?: string;
  /** The client's public key (JWK or `KeyObject`; a private key is reduced to its public half). Enables `private_key_jwt`. */
  publicKey?: Jwk | KeyObject;
  /** Scopes this client may be granted. A request without `scope` gets all of them. Default: none. */
  scopes?: string[];
  /**
   * Audiences this client may ask for with `resource` (RFC 8707) or Auth0's `audience`.
   * Default: the issuer's audience only.
   */
  audiences?: string[];
  /** Lifetime of issued tokens, in seconds or with a unit (`'5m'`). Default 3600. */
  tokenLifetime?: number | string;
}

/** @internal */
export interface RegisteredClient {
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly publicKey: KeyObject | undefined;
  readonly scopes: readonly string[];
  readonly audiences: readonly string[];
  readonly tokenLifetimeSeconds: number;
}

/** How a token request authenticated its client. @internal */
export type TestClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

/** @internal */
export type ClientCheck =
  | { ok: true; client: RegisteredClient; method: TestClientAuthMethod }
  | { ok: false; status: 400 | 401; error: 'invalid_request' | 'invalid_client'; description: string; basic: boolean };

/** @internal */
export interface ClientRegistry {
  register(registration: TestClientRegistration): void;
  /** Authenticates the client of one request (RFC 6749 §2.3, RFC 7523 §3). */
  authenticate(authorization: string | undefined, form: URLSearchParams): Promise<ClientCheck>;
}

const assertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * The clients of one test authorization server and how they prove who they are. Client assertions
 * must name the token endpoint or the issuer as `aud`, and each `jti` is accepted once.
 *
 * @internal
 */
export function createClientRegistry(context: {
  issuer: string;
  tokenEndpoint: string;
  /** Client assertions may name it as `aud` too (they name the endpoint they are sent to). */
  introspectionEndpoint?: string;
  defaultAudience: string;
  now: () => number;
}): ClientRegistry {
  const clients = new Map<string, RegisteredClient>();
  const seenJtis = new Map<string, number>();

  const invalidClient = (description: string, basic: boolean): ClientCheck => ({
    ok: false,
    status: 401,
    error: 'invalid_client',
    description,
    basic,
  });
  const invalidRequest = (description: string): ClientCheck => ({ ok: false, status: 400, error: 'invalid_request', description, basic: false });

  async function checkAssertion(form: URLSearchParams): Promise<ClientCheck> {
    if (form.get('client_assertion_type') !== assertionType) {
      return invalidRequest(`client_assertion_type must be ${assertionType}`);
    }
    const assertion = form.get('client_assertion') ?? '';
    let claimedId: unknown;
    try {
      claimedId = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')).sub;
    } catch {
      return invalidClient('client_assertion is not a JWT', false);
    }
    const client = typeof claimedId === 'string' ? clients.get(claimedId) : undefined;
    if (!client?.publicKey) return invalidClient('unknown client or no key registered for private_key_jwt', false);
    const formId = form.get('client_id');
    if (formId !== null && formId !== client.clientId) return invalidClient('client_id differs from the assertion subject', false);
    try {
      const { jti, exp } = verifyClientAssertion(assertion, client.publicKey, {
        clientId: client.clientId,
        audiences: [context.tokenEndpoint, context.issuer, ...(context.introspectionEndpoint ? [context.introspectionEndpoint] : [])],
        now: context.now(),
        maxAgeSeconds: 600,
      });
      const nowSeconds = context.now() / 1000;
      for (const [seen, expiry] of seenJtis) if (expiry < nowSeconds) seenJtis.delete(seen);
      if (seenJtis.has(jti)) return invalidClient('client assertion jti was already used', false);
      seenJtis.set(jti, exp);
    } catch (error) {
      return invalidClient(`client assertion refused: ${(error as Error).message}`, false);
    }
    return { ok: true, client, method: 'private_key_jwt' };
  }

  return {
    register(registration) {
      clients.set(registration.clientId, normalize(registration, context.defaultAudience));
    },
    async authenticate(authorization, form) {
      const basic = authorization !== undefined && /^basic /i.test(authorization);
      const posted = form.has('client_secret');
      const asserted = form.has('client_assertion') || form.has('client_assertion_type');
      if ([basic, posted, asserted].filter(Boolean).length > 1) {
        return invalidRequest('the client used more than one authentication method');
      }
      if (asserted) return checkAssertion(form);
      if (basic) {
        const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon < 0) return invalidClient('malformed Basic credentials', true);
        const id = formDecode(decoded.slice(0, colon));
        const secret = formDecode(decoded.slice(colon + 1));
        const client = clients.get(id);
        if (client?.clientSecret === undefined || client.clientSecret !== secret) return invalidClient('client authentication failed', true);
        return { ok: true, client, method: 'client_secret_basic' };
      }
      if (posted) {
        const client = clients.get(form.get('client_id') ?? '');
        if (client?.clientSecret === undefined || client.clientSecret !== form.get('client_secret')) {
          return invalidClient('client authentication failed', false);
        }
        return { ok: true, client, method: 'client_secret_post' };
      }
      return invalidClient('no client authentication', false);
    },
  };
}

function normalize(registration: TestClientRegistration, defaultAudience: string): RegisteredClient {
  if (typeof registration?.clientId !== 'string' || registration.clientId === '') {
    throw new TypeError('registerClient: clientId must be a non-empty string');
  }
  if (registration.clientSecret === undefined && registration.publicKey === undefined) {
    throw new TypeError('registerClient: give clientSecret, publicKey or both');
  }
  let publicKey: KeyObject | undefined;
  if (registration.publicKey !== undefined) {
    const input = registration.publicKey;
    if (isKeyObject(input)) publicKey = input.type === 'public' ? input : createPublicKey(input);
    else publicKey = createPublicKey({ key: publicHalf(input), format: 'jwk' });
  }
  return {
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    publicKey,
    scopes: [...(registration.scopes ?? [])],
    audiences: [...(registration.audiences ?? [defaultAudience])],
    tokenLifetimeSeconds: durationToSeconds(registration.tokenLifetime ?? 3600, 'tokenLifetime'),
  };
}

function publicHalf(jwk: Jwk): Jwk {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = jwk;
  return rest;
}

function isKeyObject(value: unknown): value is KeyObject {
  return typeof value === 'object' && value !== null && typeof (value as KeyObject).export === 'function';
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
