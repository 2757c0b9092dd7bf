import { isAsymmetricAlgorithm, isSymmetricAlgorithm, keyDecidedAlgorithms } from '../jws/algorithms.js';
import type { ChallengeContext } from '../errors/auth-error.js';
import { durationMs as ms, parseDurationSeconds } from '../lib/duration.js';
import type { AuthFailureEvent, AuthSuccessEvent, KeyEvent } from '../pipeline/events.js';
import { assertSecureUrl } from '../keys/issuer-url.js';
import type { BearerGuardOptions, IssuerConfig, IssuerInput } from './options.js';
import { resolveDpopOptions, type ResolvedDpop } from '../dpop/dpop-options.js';
import { resolveMtlsOptions, type ResolvedMtls } from '../mtls/mtls-options.js';
import type { IntrospectionEvent } from '../introspection/introspection-events.js';
import { addIntrospection, type ResolvedIntrospection } from '../introspection/resolve-introspection.js';
import { buildMetadataDocument, type ResourceMetadataDocument } from '../resource/metadata-document.js';
import { resolveResource, type ResourceIdentity } from '../resource/resource-identifier.js';
import { configurationError as fail } from '../errors/configuration-error.js';
import { resolveSignatureThreadPool } from './resolve-thread-pool.js';
import { resolveKeyPolicy, type KeyPolicy } from './resolve-key-policy.js';

export type { KeyPolicy };

/** One allowlisted issuer after validation. */
export interface ResolvedIssuer {
  readonly issuer: string;
  readonly jwksUri?: string;
  /** `null` when the audience check was deliberately turned off. */
  readonly audiences: readonly string[] | null;
  /** Every asymmetric algorithm when `algorithmsFromKeys`: then the published key decides. */
  readonly algorithms: ReadonlySet<string>;
  /** True when neither the issuer nor the options list `algorithms`. */
  readonly algorithmsFromKeys: boolean;
  readonly secret?: Uint8Array;
  /** Accepted clients, or null when any client will do. */
  readonly clientIds: readonly string[] | null;
  /** For an issuer template (`{tenantid}`): the accepted tenants, or 'any'; null for a plain issuer. */
  readonly tenants: ReadonlySet<string> | 'any' | null;
  readonly kind: NonNullable<IssuerConfig['kind']>;
  readonly introspection?: ResolvedIntrospection;
}

/** The protected resource (RFC 9728) and its metadata document, when `resource` is configured. */
export interface ResolvedResource extends ResourceIdentity {
  readonly document: ResourceMetadataDocument;
}

/** Options after validation: everything the per-request path needs, computed once. */
export interface ResolvedOptions {
  readonly resource: ResolvedResource | null;
  readonly scopeInChallenge: boolean;
  readonly issuers: ReadonlyMap<string, ResolvedIssuer>;
  readonly clockToleranceSec: number;
  readonly challenge: ChallengeContext;
  readonly strict: boolean;
  readonly permissionsAsScopes: boolean;
  readonly acceptTokenInBody: boolean;
  readonly maxTokenLength: number;
  /** Algorithms whose signature checks run on libuv's thread pool. */
  readonly signatureThreadPool: ReadonlySet<string>;
  readonly keys: KeyPolicy;
  readonly tokenCache: { readonly maxEntries: number; readonly maxAgeMs: number; readonly maxBytes: number } | null;
  /** null when DPoP is off. */
  readonly dpop: ResolvedDpop | null;
  /** null when certificate binding is off. */
  readonly mtls: ResolvedMtls | null;
  readonly onAuthFailure?: (event: AuthFailureEvent) => void;
  readonly onAuthSuccess?: (event: AuthSuccessEvent) => void;
  readonly onKeyEvent?: (event: KeyEvent) => void;
  /** The issuer whose introspection endpoint gets tokens that are not JWTs, if any. */
  readonly opaqueTokenIssuer?: string;
  readonly onIntrospectionEvent?: (event: IntrospectionEvent) => void;
  readonly clock: () => number;
  readonly fetch: typeof fetch;
  /** The `fetch` option for discovery and key sets; undefined: `node:http`/`node:https` (keys/http-get-json.ts). */
  readonly keyFetch: typeof fetch | undefined;
}

const maxClockToleranceSec = 300;
const knownIssuerKeys = new Set(['issuer', 'jwksUri', 'audience', 'algorithms', 'secret', 'clientIds', 'tenants', 'kind', 'introspection']);
const tenantPlaceholder = '{tenantid}';
const knownKinds = new Set(['generic', 'okta-org', 'okta-custom', 'auth0', 'entra', 'cognito', 'keycloak']);
const knownOptions = new Set([
  'issuers', 'audience', 'algorithms', 'signatureThreadPool', 'clockTolerance', 'realm', 'resource', 'resourceMetadata', 'scopeInChallenge', 'strict',
  'permissionsAsScopes', 'acceptTokenInBody', 'maxTokenLength', 'keys', 'tokenCache', 'onAuthFailure',
  'onAuthSuccess', 'onKeyEvent', 'clock', 'fetch', 'dpop', 'mtls', 'opaqueTokenIssuer', 'onIntrospectionEvent',
]);

function resolveAudience(value: unknown, what: string): readonly string[] | null | undefined {
  if (value === undefined) return undefined;
  if (value === false) return null;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((a) => typeof a === 'string' && a.length > 0)) {
    fail(`${what} must be a non-empty string or array of strings (or false to skip the check deliberately)`);
  }
  // A copy: the verified-token cache relies on the configuration not changing under it.
  return Object.freeze([...list]) as readonly string[];
}

function resolveAlgorithms(list: unknown, what: string, hasSecret: boolean): ReadonlySet<string> {
  if (list === undefined) return keyDecidedAlgorithms;
  if (!Array.isArray(list) || list.length === 0) fail(`${what} must be a non-empty array such as ['RS256'], or left out to let the issuer's keys decide`);
  for (const alg of list) {
    if (typeof alg === 'string' && alg.toLowerCase() === 'none') fail(`${what}: 'none' is never accepted`);
    if (typeof alg !== 'string' || !(isAsymmetricAlgorithm(alg) || isSymmetricAlgorithm(alg))) {
      fail(`${what}: unknown algorithm ${JSON.stringify(alg)}; use RS256/384/512, PS256/384/512, ES256/384/512, EdDSA or HS256/384/512`);
    }
    if (isSymmetricAlgorithm(alg) && !hasSecret) {
      fail(`${what}: ${alg} needs a shared secret on the issuer entry; HS* is never verified with JWKS keys`);
    }
  }
  return new Set(list as string[]);
}

function resolveClientIds(value: unknown, what: string): readonly string[] | null {
  if (value === undefined) return null;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((c) => typeof c === 'string' && c.length > 0)) {
    fail(`${what} must be a non-empty string or array of strings (the app client ids allowed to call this API)`);
  }
  return Object.freeze([...list]) as readonly string[];
}

function resolveTenants(config: IssuerConfig, what: string): ResolvedIssuer['tenants'] {
  const placeholders = config.issuer.split(tenantPlaceholder).length - 1;
  if (config.tenants === undefined) {
    if (placeholders > 0) fail(`${what}.issuer ${config.issuer} is a template: list the accepted tenants in tenants (or 'any')`);
    return null;
  }
  if (placeholders !== 1) fail(`${what}.tenants needs an issuer template with ${tenantPlaceholder} once, e.g. https://login.microsoftonline.com/${tenantPlaceholder}/v2.0`);
  if (config.jwksUri === undefined) fail(`${what}: an issuer template needs jwksUri (a template cannot be discovered)`);
  if (config.tenants === 'any') return 'any';
  const list = config.tenants;
  if (!Array.isArray(list) || list.length === 0 || !list.every((t) => typeof t === 'string' && /^[\w.-]+$/.test(t))) {
    fail(`${what}.tenants must be a non-empty list of tenant ids, or 'any' to accept every tenant deliberately`);
  }
  return new Set(list.map((t) => t.toLowerCase()));
}

function resolveIssuer(input: IssuerInput, index: number, options: Pick<BearerGuardOptions, 'audience' | 'algorithms'>): ResolvedIssuer {
  const config: IssuerConfig = typeof input === 'string' ? { issuer: input } : input;
  const what = `issuers[${index}]`;
  if (typeof config !== 'object' || config === null) fail(`${what} must be an issuer URL or { issuer, jwksUri? }`);
  for (const key of Object.keys(config)) {
    if (!knownIssuerKeys.has(key)) fail(`${what}: unknown option ${JSON.stringify(key)} (use issuer, jwksUri, audience, algorithms, secret, clientIds, tenants)`);
  }
  assertSecureUrl(config.issuer, `${what}.issuer`);
  if (config.jwksUri !== undefined) assertSecureUrl(config.jwksUri, `${what}.jwksUri`, { allowQuery: true });
  let secret: Uint8Array | undefined;
  if (config.secret !== undefined) {
    secret = typeof config.secret === 'string' ? new TextEncoder().encode(config.secret) : config.secret;
    if (!(secret instanceof Uint8Array) || secret.length < 32) {
      fail(`${what}.secret must be at least 32 bytes (RFC 7518 §3.2 for HS256)`);
    }
  }
  const own = resolveAudience(config.audience, `${what}.audience`);
  const audiences = own !== undefined ? own : resolveAudience(options.audience, 'audience');
  if (audiences === undefined) {
    fail(
      `no audience for issuer ${config.issuer}: set \`audience\` to your API identifier (e.g. 'api://default' for Okta, the API Identifier for Auth0), or \`resource\` to its canonical URI (MCP servers, RFC 8707), or audience: false to skip the check deliberately`,
    );
  }
  const clientIds = resolveClientIds(config.clientIds, `${what}.clientIds`);
  const tenants = resolveTenants(config, what);
  if (config.kind !== undefined && !knownKinds.has(config.kind)) fail(`${what}.kind ${JSON.stringify(config.kind)} is not one of ${[...knownKinds].join(', ')}`);
  const listed = config.algorithms ?? options.algorithms;
  const algorithms = resolveAlgorithms(listed, `${what}.algorithms`, secret !== undefined);
  return {
    issuer: config.issuer,
    ...(config.jwksUri ? { jwksUri: config.jwksUri } : {}),
    audiences,
    algorithms,
    algorithmsFromKeys: listed === undefined,
    ...(secret ? { secret } : {}),
    clientIds,
    tenants,
    kind: config.kind ?? 'generic',
  };
}

function resolveRealm(value: unknown): string {
  if (value === undefined) return 'api';
  if (typeof value !== 'string' || !/^[\x20-\x7e]*$/.test(value)) fail('realm must be a string of printable ASCII characters');
  return value;
}

/**
 * Validates options once, when a middleware is created, and turns them into the shapes the
 * per-request path uses. Every problem throws a `TypeError` that says what to change.
 */
export function resolveOptions(options: BearerGuardOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options must be an object with at least `issuers` and `audience`');
  for (const key of Object.keys(options)) {
    if (!knownOptions.has(key)) fail(`unknown option ${JSON.stringify(key)}`);
  }
  const inputs = Array.isArray(options.issuers) ? options.issuers : options.issuers === undefined ? [] : [options.issuers];
  if (inputs.length === 0) {
    fail("`issuers` is required: list the authorization servers you trust, e.g. issuers: ['https://dev-123.okta.com/oauth2/default']");
  }
  if (typeof options.resourceMetadata === 'string') {
    fail(
      `resourceMetadata is now the content of the metadata document, and its URL comes from \`resource\`: set resource to your API's canonical URI (e.g. 'https://api.example.com/mcp') and bearer-guard serves the document that ${JSON.stringify(options.resourceMetadata)} was meant to name`,
    );
  }
  const identity = options.resource === undefined ? null : resolveResource(options.resource);
  if (!identity && options.resourceMetadata !== undefined) fail('resourceMetadata needs `resource`, the URI the document describes');
  // RFC 8707: the resource identifier is the audience its tokens are issued for.
  const audience = options.audience === undefined && identity ? identity.resource : options.audience;
  const issuers = new Map<string, ResolvedIssuer>();
  inputs.forEach((input, i) => {
    const resolved = resolveIssuer(input, i, { audience, algorithms: options.algorithms });
    if (issuers.has(resolved.issuer)) fail(`issuer ${resolved.issuer} is listed twice`);
    issuers.set(resolved.issuer, resolved);
  });

  const clockToleranceSec = parseDurationSeconds(options.clockTolerance ?? 60, 'clockTolerance');
  if (clockToleranceSec > maxClockToleranceSec) {
    fail(`clockTolerance is ${clockToleranceSec}s; at most ${maxClockToleranceSec}s ("a few minutes", RFC 9068 §4) is allowed`);
  }
  const dpop = resolveDpopOptions(options.dpop);
  const mtls = resolveMtlsOptions(options.mtls);
  const resource: ResolvedResource | null = identity && {
    ...identity,
    document: buildMetadataDocument({
      resource: identity.resource,
      issuers: [...issuers.keys()],
      acceptTokenInBody: options.acceptTokenInBody === true,
      options: options.resourceMetadata,
      dpop: dpop && { algorithms: dpop.algorithms, required: dpop.mode === 'required' },
      certificateBound: mtls !== null,
    }),
  };
  if (options.scopeInChallenge !== undefined && typeof options.scopeInChallenge !== 'boolean') fail('scopeInChallenge must be true or false');
  const scopeInChallenge = options.scopeInChallenge === true;
  const challengeScope = scopeInChallenge ? resource?.document.scopes_supported?.join(' ') : undefined;
  const maxTokenLength = options.maxTokenLength ?? 16_384;
  if (!Number.isInteger(maxTokenLength) || maxTokenLength < 64) fail('maxTokenLength must be an integer of at least 64');

  const keys = resolveKeyPolicy(options.keys);

  let tokenCache: ResolvedOptions['tokenCache'] = null;
  if (options.tokenCache !== false) {
    const t = options.tokenCache ?? {};
    const maxEntries = t.maxEntries ?? 10_000;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) fail('tokenCache.maxEntries must be a positive integer');
    const maxBytes = t.maxBytes ?? 64 * 1024 * 1024;
    if (!Number.isInteger(maxBytes) || maxBytes < 1024 * 1024) fail('tokenCache.maxBytes must be an integer of at least 1 MiB (1048576)');
    tokenCache = { maxEntries, maxAgeMs: ms(t.maxAge, 300, 'tokenCache.maxAge'), maxBytes };
  }

  for (const hook of ['onAuthFailure', 'onAuthSuccess', 'onKeyEvent', 'onIntrospectionEvent', 'clock', 'fetch'] as const) {
    if (options[hook] !== undefined && typeof options[hook] !== 'function') fail(`${hook} must be a function`);
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') fail('no fetch available: pass `fetch` (Node 20 has a global fetch)');
  const clock = options.clock ?? Date.now;
  const opaqueTokenIssuer = addIntrospection(inputs, issuers, options.opaqueTokenIssuer, { keys, clock });

  const challenge: ChallengeContext = { realm: resolveRealm(options.realm), resourceMetadata: resource?.metadataUrl };
  if (challengeScope) challenge.scope = challengeScope;
  if (dpop) challenge.dpop = { algs: dpop.algs, required: dpop.mode === 'required' };

  return {
    resource,
    scopeInChallenge,
    issuers,
    clockToleranceSec,
    challenge,
    strict: options.strict === true,
    permissionsAsScopes: options.permissionsAsScopes === true,
    acceptTokenInBody: options.acceptTokenInBody === true,
    maxTokenLength,
    signatureThreadPool: resolveSignatureThreadPool(options.signatureThreadPool),
    keys,
    tokenCache,
    dpop,
    mtls,
    ...(options.onAuthFailure ? { onAuthFailure: options.onAuthFailure } : {}),
    ...(options.onAuthSuccess ? { onAuthSuccess: options.onAuthSuccess } : {}),
    ...(options.onKeyEvent ? { onKeyEvent: options.onKeyEvent } : {}),
    ...(opaqueTokenIssuer ? { opaqueTokenIssuer } : {}),
    ...(options.onIntrospectionEvent ? { onIntrospectionEvent: options.onIntrospectionEvent } : {}),
    clock,
    fetch: fetchImpl,
    keyFetch: options.fetch,
  };
}
