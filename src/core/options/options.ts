import type { Algorithm } from '../jws/algorithms.js';
import type { AuthFailureEvent, AuthSuccessEvent, KeyEvent } from '../pipeline/events.js';
import type { KeyCache } from '../keys/key-cache.js';
import type { DpopOptions } from '../dpop/dpop-options.js';
import type { MtlsOptions } from '../mtls/mtls-options.js';
import type { IntrospectionOptions } from '../introspection/introspection-options.js';
import type { IntrospectionEvent } from '../introspection/introspection-events.js';
import type { KeyFleet } from '../keys/key-fleet.js';
import type { ResourceMetadataOptions } from '../resource/metadata-document.js';

/** A duration: seconds as a number, or a string with a unit such as `'60s'`, `'2m'`, `'1h'`. */
export type Duration = number | string;

/**
 * One trusted authorization server. The token's `iss` must equal `issuer` exactly (code point by
 * code point: scheme, case and trailing slash matter).
 */
export interface IssuerConfig {
  /** The issuer identifier, exactly as tokens carry it in `iss`. https, or http for localhost. */
  issuer: string;
  /** The JWKS URL. When absent, it is found by discovery from `issuer`. */
  jwksUri?: string;
  /** Audiences accepted for this issuer; overrides the global `audience`. */
  audience?: string | string[] | false;
  /** Algorithms accepted for this issuer; overrides the global `algorithms`. Default: the key decides. */
  algorithms?: Algorithm[];
  /** Shared secret for HS256/384/512. Only with a secret are HS* algorithms ever accepted. */
  secret?: string | Uint8Array;
  /**
   * Clients whose tokens are accepted (`client_id`, else `azp` or Entra v1's `appid`). Cognito
   * access tokens carry no `aud`, so the `cognito()` preset checks this instead.
   */
  clientIds?: string | string[];
  /**
   * Makes `issuer` a template (Entra multi-tenant): its `{tenantid}` is filled with the token's
   * `tid`, which must be one of these tenant ids, or any tenant with `'any'`. Set by `entra()`.
   */
  tenants?: string[] | 'any';
  /** Set by presets; shapes the checks and diagnostics (e.g. Okta org vs custom server, Cognito's `token_use`). */
  kind?: IssuerKind;
  /** RFC 7662 introspection of this issuer's opaque tokens (or of all its tokens). */
  introspection?: IntrospectionOptions;
}

/** Which IdP an issuer entry is, as its preset says. */
export type IssuerKind = 'generic' | 'okta-org' | 'okta-custom' | 'auth0' | 'entra' | 'cognito' | 'keycloak';

/** An issuer URL (JWKS by discovery) or a full {@link IssuerConfig}. */
export type IssuerInput = string | IssuerConfig;

/** How the key store fetches and caches each issuer's JWKS. */
export interface KeyOptions {
  /** Abandon a discovery or JWKS request after this long. Default `'5s'`. */
  timeout?: Duration;
  /** Lower bound for a JWKS cache lifetime taken from `Cache-Control`. Default `'1m'`. */
  minCacheTtl?: Duration;
  /** Upper bound for a JWKS cache lifetime (Okta has sent ~44 days). Default `'24h'`. */
  maxCacheTtl?: Duration;
  /** Lifetime when the response has no `max-age`. Default `'10m'`. */
  defaultCacheTtl?: Duration;
  /**
   * Unknown `kid`s (a key rotation, or forged) refresh the keys under a budget: one refresh per
   * this interval on average, all unknown kids together. A rotation is picked up within about one
   * interval however many forged kids arrive; the IdP gets at most one such request per interval.
   * Default `'4s'`, between 1 s and 5 min.
   */
  unknownKidRefreshInterval?: Duration;
  /** Refreshes for unknown kids allowed in a row after a quiet spell. Default 2, from 1 to 10. */
  unknownKidRefreshBurst?: number;
  /**
   * How long a kid that a refresh did not find is answered 401 at once, without spending the
   * budget (at most 1000 kids are remembered). Default `'30s'`, between 1 s and 1 h.
   */
  absentKidMemory?: Duration;
  /** How long after their lifetime cached keys keep serving while refreshes fail. Default `'12h'`. */
  maxStale?: Duration;
  /** Wait after a failed fetch with no rate-limit hint. Default `'10s'`. */
  errorBackoff?: Duration;
  /** Largest discovery or JWKS response read. Default 512 KiB. */
  maxResponseBytes?: number;
  /** Shared store for fetched key sets; default is in memory per middleware. */
  cache?: KeyCache;
  /**
   * A fleet's shared store (`createRedisStore` from `bearer-guard/redis`): key sets, discovery,
   * one IdP fetch at a time, one backoff and one unknown-`kid` budget for every instance. Replaces
   * `cache`; give one or the other.
   */
  shared?: SharedKeyStore;
}

/** What a fleet shares: see `bearer-guard/redis`. */
export interface SharedKeyStore {
  readonly keyCache: KeyCache;
  readonly fleet: KeyFleet;
}

/**
 * Verified-token cache settings. A token is kept from its second successful verification on: a
 * token used once never enters the cache, so one-use tokens cannot churn it (see the README's
 * Performance section for what that churn cost in peak RSS).
 */
export interface TokenCacheOptions {
  /** Most entries kept. Default 10 000. */
  maxEntries?: number;
  /** Longest an entry is kept, whatever the token's `exp`. Default `'5m'`. */
  maxAge?: Duration;
  /**
   * Most heap the cached results may hold, in bytes. Each entry is charged an upper bound of its
   * real cost (the token and every decoded claim, however nested); one entry may take at most a
   * sixteenth. Default 64 MiB, at least 1 MiB.
   */
  maxBytes?: number;
}

/** Options shared by `bearerAuth` in every adapter and by `createVerifier`. */
export interface BearerGuardOptions {
  /** Trusted issuers (allowlist). A token's `iss` selects one; any other issuer is refused. */
  issuers: IssuerInput | IssuerInput[];
  /**
   * Audiences this API accepts (`aud` must contain one). Required unless every issuer sets its
   * own; `false` turns the check off and must be a deliberate choice.
   */
  audience?: string | string[] | false;
  /**
   * Accepted JWS algorithms. Default: whatever the published key that verifies the token fits
   * (its JWK `alg` when it has one; else RS/PS for RSA, ES256/384/512 for P-256/384/521, EdDSA
   * and Ed25519 for Ed25519). A list narrows that set. `none` is never accepted.
   */
  algorithms?: Algorithm[];
  /**
   * Algorithms whose signature checks run on libuv's thread pool (the callback form of
   * `crypto.verify`) instead of the main thread, so that a process with more than one CPU checks
   * signatures on all of them. Worth it where a check is expensive (ES256/384/512, EdDSA) and the
   * process has CPUs to spare; on one CPU the hand-over costs more than it saves for RS256. See the
   * README's "Every core" for the measurements. Default `[]`: every check on the main thread.
   * Token-cache hits check no signature either way.
   */
  signatureThreadPool?: Array<Exclude<Algorithm, 'HS256' | 'HS384' | 'HS512'>>;
  /** Leeway for `exp`, `nbf` and `iat`. Default `60` seconds, at most 5 minutes. */
  clockTolerance?: Duration;
  /** Realm in every challenge. Default `'api'`. */
  realm?: string;
  /**
   * The canonical URI of this protected resource (RFC 9728 / RFC 8707), e.g.
   * `'https://api.example.com/mcp'`: https (http only for localhost), no fragment or query,
   * written in canonical form. It becomes the default `audience`, the `resource` of the metadata
   * document the middleware serves at `/.well-known/oauth-protected-resource{path}`, and the
   * `resource_metadata` URL of every challenge. MCP servers need it.
   */
  resource?: string;
  /** What the metadata document says besides `resource`, the issuers and the token transports. Needs `resource`. */
  resourceMetadata?: ResourceMetadataOptions;
  /**
   * Name scopes in 401 challenges (`scope="…"`) so clients ask for the right ones (MCP
   * 2025-11-25): a scope guard that authenticates the request names its own scopes; elsewhere
   * `resourceMetadata.scopesSupported`, when set. Default false.
   */
  scopeInChallenge?: boolean;
  /** RFC 9068 strict mode: require header `typ: at+jwt`. Default false (most IdPs do not send it). */
  strict?: boolean;
  /** Also read scopes from Auth0's `permissions` array. Default false. */
  permissionsAsScopes?: boolean;
  /** Accept `access_token` in an `application/x-www-form-urlencoded` body (not GET). Default false. */
  acceptTokenInBody?: boolean;
  /** Longest token accepted, checked before any decoding. Default 16 384 characters. */
  maxTokenLength?: number;
  /** JWKS fetching and caching. */
  keys?: KeyOptions;
  /** Verified-token cache. Default on (a token is kept from its second verification); `false` verifies every request. */
  tokenCache?: TokenCacheOptions | false;
  /** DPoP-bound tokens (RFC 9449). Default off: the DPoP scheme is not accepted, DPoP-bound tokens are refused. */
  dpop?: DpopOptions;
  /** Certificate-bound tokens (RFC 8705). Default off: certificate-bound tokens are refused. */
  mtls?: MtlsOptions;
  /** Called for every rejected request, with no token in the event. */
  onAuthFailure?: (event: AuthFailureEvent) => void;
  /** Called for every accepted token. */
  onAuthSuccess?: (event: AuthSuccessEvent) => void;
  /** Called when keys are fetched, a fetch fails, or stale keys are served. */
  onKeyEvent?: (event: KeyEvent) => void;
  /**
   * The issuer whose introspection endpoint receives tokens that are not JWTs (they name no
   * issuer). Required when more than one issuer has `introspection`; with one, it is that one.
   * Opaque tokens are never sent to several endpoints in turn.
   */
  opaqueTokenIssuer?: string;
  /** Called for introspection calls, failures and cache hits. */
  onIntrospectionEvent?: (event: IntrospectionEvent) => void;
  /** Current time in epoch milliseconds; inject a clock in tests. Default `Date.now`. */
  clock?: () => number;
  /**
   * The fetch used for discovery and JWKS (and for introspection). Without it, discovery and JWKS
   * requests go through `node:http`/`node:https`, which every server has loaded already (Node's
   * global fetch starts undici on its first call, tens of milliseconds on a cold process's first
   * request), and introspection uses `globalThis.fetch`.
   */
  fetch?: typeof fetch;
}
