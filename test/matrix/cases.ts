import type { ChallengeError, FailureCode } from '../../src/core/index.js';
import type { NamedTokens, TestClock, TestIssuer, TokenOptions } from '../../src/testing/index.js';

/**
 * The behaviour table every adapter and framework version must satisfy, request by request.
 * It knows nothing about frameworks: `adapters.ts` builds the same app for each of them and
 * `behaviour.test.ts` runs every case against every one. Adding a case here adds it everywhere.
 *
 * The apps it runs against (see `adapters.ts`) have these routes:
 * - `GET /me`: any valid token
 * - `GET /users`: scope `users:read`
 * - `GET /any`: scope `users:read` or `users:write`
 * - `GET /admin`: claim `groups` containing `admins`
 * - `GET /scoped`: scope `users:read`, the guard authenticating the request itself (so its 401s name it)
 * - `GET /step-up`: RFC 9470 `acr` `mfa` and an authentication at most 300 s ago
 * - `GET /.well-known/oauth-protected-resource`: the RFC 9728 metadata document of the resource
 */

/** What a case may use to build its request: the adapter's own local issuer and clock. */
export interface CaseKit {
  /** Mints a token from the adapter's issuer (the `iss` is the matrix issuer, see `adapters.ts`). */
  token(options?: TokenOptions): Promise<string>;
  /** Named good and bad tokens, minted the same way. */
  tokens: NamedTokens;
  /** The running issuer, for fault injection; every fault is removed after the case. */
  issuer: TestIssuer;
  clock: TestClock;
}

/** A request as the case describes it; the runner sends it on a raw HTTP connection. */
export interface CaseRequest {
  path: string;
  query?: Record<string, string>;
  /** Header lines in order; a name given twice is sent as two separate lines. */
  lines?: Array<[string, string]>;
}

/** What must come back. */
export interface CaseExpectation {
  status: 200 | 400 | 401 | 403 | 503;
  /**
   * The challenge's `error` for 400/401/403; `null` means a challenge without any error
   * information (RFC 6750 §3.1). A 200 or 503 must carry no challenge at all.
   */
  error?: ChallengeError | null;
  /** The `scope` param of a 401 or 403 (exactly, in order). */
  scope?: string;
  /** RFC 9470 `acr_values` and `max_age` params of a step-up 401. */
  acrValues?: string;
  maxAge?: string;
  /** `Access-Control-Allow-Origin` of the answer. */
  allowOrigin?: string;
  /** A 200's JSON body, exactly. */
  json?: unknown;
  /** The JSON body's `code` (failures only). */
  code?: FailureCode;
  /** A 503's `Retry-After`: exactly this value, or `true` for any positive integer. */
  retryAfter?: true | string;
}

export interface MatrixCase {
  name: string;
  /** Runs before the request (e.g. a fault); the runner restores the issuer afterwards. */
  arrange?(kit: CaseKit): void;
  request(kit: CaseKit): CaseRequest | Promise<CaseRequest>;
  expect: CaseExpectation;
}

const bearer = (token: string): Array<[string, string]> => [['Authorization', `Bearer ${token}`]];
const nowSec = (kit: CaseKit): number => Math.floor(kit.clock.now() / 1000);

export const cases: readonly MatrixCase[] = [
  // 401 without error: the client sent no usable credentials (RFC 6750 §3.1).
  {
    name: 'no credentials',
    request: () => ({ path: '/me' }),
    expect: { status: 401, error: null, code: 'token_missing' },
  },
  {
    name: 'another scheme (Basic)',
    request: () => ({ path: '/me', lines: [['Authorization', 'Basic dXNlcjpwYXNz']] }),
    expect: { status: 401, error: null, code: 'scheme_not_bearer' },
  },
  {
    name: 'a token only in the query string (ignored, OAuth 2.1)',
    request: async (kit) => ({ path: '/me', query: { access_token: await kit.token() } }),
    expect: { status: 401, error: null, code: 'token_in_query' },
  },
  {
    name: 'an empty Authorization header',
    request: () => ({ path: '/me', lines: [['Authorization', '']] }),
    expect: { status: 401, error: null, code: 'token_missing' },
  },

  // 200: valid tokens, however the header is spelled.
  {
    name: 'a valid token',
    request: async (kit) => ({ path: '/me', lines: bearer(await kit.token()) }),
    expect: { status: 200 },
  },
  {
    name: 'the scheme in lower case',
    request: async (kit) => ({ path: '/me', lines: [['Authorization', `bearer ${await kit.token()}`]] }),
    expect: { status: 200 },
  },
  {
    name: 'the scheme in upper case',
    request: async (kit) => ({ path: '/me', lines: [['Authorization', `BEARER ${await kit.token()}`]] }),
    expect: { status: 200 },
  },
  {
    name: 'several spaces between scheme and token',
    request: async (kit) => ({ path: '/me', lines: [['Authorization', `Bearer   ${await kit.token()}`]] }),
    expect: { status: 200 },
  },
  {
    name: 'a valid header and a garbage query token (the header alone counts)',
    request: async (kit) => ({ path: '/me', query: { access_token: 'garbage' }, lines: bearer(await kit.token()) }),
    expect: { status: 200 },
  },
  {
    name: 'the required scope',
    request: async (kit) => ({ path: '/users', lines: bearer(await kit.token({ scopes: 'users:read other' })) }),
    expect: { status: 200 },
  },
  {
    name: 'one of the accepted scopes',
    request: async (kit) => ({ path: '/any', lines: bearer(await kit.token({ scopes: 'users:write' })) }),
    expect: { status: 200 },
  },
  {
    name: 'the required claim',
    request: async (kit) => ({ path: '/admin', lines: bearer(await kit.token({ claims: { groups: ['staff', 'admins'] } })) }),
    expect: { status: 200 },
  },

  // 400 invalid_request: a malformed request.
  {
    name: 'Bearer with no token',
    request: () => ({ path: '/me', lines: [['Authorization', 'Bearer']] }),
    expect: { status: 400, error: 'invalid_request', code: 'authorization_malformed' },
  },
  {
    name: 'Bearer and a space with no token',
    request: () => ({ path: '/me', lines: [['Authorization', 'Bearer ']] }),
    expect: { status: 400, error: 'invalid_request', code: 'authorization_malformed' },
  },
  {
    name: 'characters a token cannot have',
    request: async (kit) => ({ path: '/me', lines: bearer(`${(await kit.token()).slice(0, 40)}"}{x`) }),
    expect: { status: 400, error: 'invalid_request', code: 'authorization_malformed' },
  },
  {
    name: 'two Authorization header lines',
    request: async (kit) => {
      const token = await kit.token();
      return { path: '/me', lines: [...bearer(token), ...bearer(token)] };
    },
    expect: { status: 400, error: 'invalid_request', code: 'authorization_duplicated' },
  },

  // 401 invalid_token: the token fails a check.
  {
    name: 'not a JWT',
    request: () => ({ path: '/me', lines: bearer('abc.def') }),
    expect: { status: 401, error: 'invalid_token', code: 'token_malformed' },
  },
  {
    name: 'an expired token',
    request: async (kit) => ({ path: '/me', lines: bearer(await kit.tokens.expired()) }),
    expect: { status: 401, error: 'invalid_token', code: 'token_expired' },
  },
  {
    name: 'a token not yet valid',
    request: async (kit) => ({ path: '/me', lines: bearer(await kit.tokens.notYetValid()) }),
    expect: { status: 401, error: 'invalid_token', code: 'token_not_yet_valid' },
  },
  {
    name: 'an unsigned token (alg none)',
    request: async (kit) => ({ path: '/me', lines: bearer(await kit.tokens.algNone()) }),
    expect: { status: 401, error: 'invalid_token', code: 'algorithm_not_allowed' },
  },
  {
    name: 'an unknown kid',
    // A fixed kid rather than tokens.unknownKey(), whose random kid would be named in the description.
    request: async (kit) => ({ path: '/me', lines: bearer(await kit.token({ kid: 'matrix-unknown-kid' })) }),
    expect: { status: 401, error: 'invalid_token', code: 'kid_unknown' },
  },
  {
    name: 'a signature by a key the issuer does not publish',
    // Without a kid, so the description (which names the kid) is the same for every issuer.
    request: async (kit) => ({ path: '/me', lines: bearer(await kit.token({ signingKey: 'foreign', kid: null })) }),
    expect: { status: 401, error: 'invalid_token', code: 'signature_invalid' },
  },
  {
    name: 'the wrong audience',
    request: async (kit) => ({ path: '/me', lines: bearer(await kit.tokens.wrongAudience()) }),
    expect: { status: 401, error: 'invalid_token', code: 'audience_mismatch' },
  },
  {
    name: 'another issuer',
    request: async (kit) => ({ path: '/me', lines: bearer(await kit.tokens.otherIssuer()) }),
    expect: { status: 401, error: 'invalid_token', code: 'issuer_not_allowed' },
  },

  // 403 insufficient_scope: a valid token without the permission.
  {
    name: 'a missing scope',
    request: async (kit) => ({ path: '/users', lines: bearer(await kit.token({ scopes: 'users:write' })) }),
    expect: { status: 403, error: 'insufficient_scope', scope: 'users:read', code: 'scope_missing' },
  },
  {
    name: 'no scope claim at all',
    request: async (kit) => ({ path: '/users', lines: bearer(await kit.tokens.missingScope()) }),
    expect: { status: 403, error: 'insufficient_scope', scope: 'users:read', code: 'scope_missing' },
  },
  {
    name: 'none of the accepted scopes',
    request: async (kit) => ({ path: '/any', lines: bearer(await kit.token({ scopes: 'other' })) }),
    expect: { status: 403, error: 'insufficient_scope', scope: 'users:read users:write', code: 'scope_missing' },
  },
  {
    name: 'a claim the route requires is missing',
    request: async (kit) => ({ path: '/admin', lines: bearer(await kit.token({ claims: { groups: ['staff'] } })) }),
    expect: { status: 403, error: 'insufficient_scope', code: 'claim_mismatch' },
  },
  {
    name: 'a failed token check comes before a guard',
    request: async (kit) => ({ path: '/users', lines: bearer(await kit.tokens.expired({ scopes: 'users:read' })) }),
    expect: { status: 401, error: 'invalid_token', code: 'token_expired' },
  },

  // The RFC 9728 metadata document, and challenges that lead the client to the right token.
  {
    name: 'the protected resource metadata document (public, any origin)',
    request: () => ({ path: '/.well-known/oauth-protected-resource', lines: [['Origin', 'https://elsewhere.example']] }),
    expect: {
      status: 200,
      allowOrigin: '*',
      json: {
        resource: 'https://api.matrix.test',
        authorization_servers: ['https://issuer.matrix.test'],
        bearer_methods_supported: ['header'],
        resource_name: 'Matrix API',
      },
    },
  },
  {
    name: 'no credentials on a route whose scope guard authenticates (the 401 names its scope)',
    request: () => ({ path: '/scoped' }),
    expect: { status: 401, error: null, scope: 'users:read', code: 'token_missing' },
  },
  {
    name: 'an expired token on a route whose scope guard authenticates',
    request: async (kit) => ({ path: '/scoped', lines: bearer(await kit.tokens.expired({ scopes: 'users:read' })) }),
    expect: { status: 401, error: 'invalid_token', scope: 'users:read', code: 'token_expired' },
  },
  {
    name: 'a failure seen by a browser app on an allowed origin',
    request: () => ({ path: '/me', lines: [['Origin', 'https://app.matrix.test']] }),
    expect: { status: 401, error: null, code: 'token_missing', allowOrigin: 'https://app.matrix.test' },
  },
  {
    name: 'a failure seen by a browser app on another origin',
    request: () => ({ path: '/me', lines: [['Origin', 'https://evil.example']] }),
    expect: { status: 401, error: null, code: 'token_missing' },
  },
  {
    name: 'the accepted authentication context, recently',
    request: async (kit) => ({ path: '/step-up', lines: bearer(await kit.token({ claims: { acr: 'mfa', auth_time: nowSec(kit) - 60 } })) }),
    expect: { status: 200 },
  },
  {
    name: 'an authentication context the route does not accept (step-up)',
    request: async (kit) => ({ path: '/step-up', lines: bearer(await kit.token({ claims: { acr: 'pwd', auth_time: nowSec(kit) } })) }),
    expect: { status: 401, error: 'insufficient_user_authentication', acrValues: 'mfa', maxAge: '300', code: 'acr_insufficient' },
  },
  {
    name: 'an authentication longer ago than the route allows (step-up)',
    request: async (kit) => ({ path: '/step-up', lines: bearer(await kit.token({ claims: { acr: 'mfa', auth_time: nowSec(kit) - 3600 } })) }),
    expect: { status: 401, error: 'insufficient_user_authentication', acrValues: 'mfa', maxAge: '300', code: 'authentication_too_old' },
  },

  // 503: not the client's fault, so no challenge.
  {
    name: 'the JWKS down on a cold cache',
    arrange: (kit) => kit.issuer.fail('jwks', { status: 500 }),
    request: async (kit) => ({ path: '/me', lines: bearer(await kit.token()) }),
    expect: { status: 503, code: 'jwks_unavailable', retryAfter: true },
  },
  {
    name: 'the IdP rate-limiting the JWKS on a cold cache',
    arrange: (kit) => kit.issuer.fail('jwks', { status: 429, headers: { 'retry-after': '17' } }),
    request: async (kit) => ({ path: '/me', lines: bearer(await kit.token()) }),
    expect: { status: 503, code: 'idp_rate_limited', retryAfter: '17' },
  },
];
