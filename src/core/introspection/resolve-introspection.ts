import { durationMs as ms } from '../lib/duration.js';
import { assertSecureUrl } from '../keys/issuer-url.js';
import { createClientAuthentication, type ClientAuthentication } from '../oauth/client-auth.js';
import type { IssuerInput } from '../options/options.js';
import type { KeyPolicy, ResolvedIssuer } from '../options/resolve-options.js';
import type { IntrospectedTokens, IntrospectionOptions } from './introspection-options.js';
import type { IntrospectionCache, SharedIntrospectionStore } from './shared-introspection.js';
import { configurationError as fail } from '../errors/configuration-error.js';

/** An issuer's introspection settings after validation, in milliseconds. */
export interface ResolvedIntrospection {
  readonly endpoint?: string;
  readonly tokens: IntrospectedTokens;
  readonly client: ClientAuthentication;
  readonly tokenTypeHint?: string;
  readonly jwtResponse: boolean;
  readonly activeMaxAgeMs: number;
  readonly inactiveMaxAgeMs: number;
  readonly cacheMaxEntries: number;
  readonly maxCallsPerSecond: number;
  readonly timeoutMs: number;
  readonly errorBackoffMs: number;
  readonly maxResponseBytes: number;
  /** The fleet's shared results and single flight, when `shared` is given. */
  readonly shared?: IntrospectionCache;
}

const knownKeys = new Set(['endpoint', 'client', 'tokens', 'tokenTypeHint', 'jwtResponse', 'cache', 'maxCallsPerSecond', 'timeout', 'shared']);
const knownCacheKeys = new Set(['maxAge', 'inactiveMaxAge', 'maxEntries']);

/**
 * Validates one issuer's `introspection` option at construction: a `TypeError` that says what to
 * change for every mistake, the client's credentials checked (never quoted) by the shared
 * client-authentication module.
 */
export function resolveIntrospection(
  input: IntrospectionOptions,
  what: string,
  context: { keys: KeyPolicy; clock: () => number },
): ResolvedIntrospection {
  if (typeof input !== 'object' || input === null) fail(`${what} must be an object such as { client: { clientId, clientSecret } }`);
  for (const key of Object.keys(input)) {
    if (!knownKeys.has(key)) fail(`${what}: unknown option ${JSON.stringify(key)} (use ${[...knownKeys].join(', ')})`);
  }
  if (input.endpoint !== undefined) assertSecureUrl(input.endpoint, `${what}.endpoint`, { allowQuery: true });
  if (input.client === undefined) {
    fail(`${what}.client is required: the introspection endpoint only answers this API's registered client, e.g. client: { clientId, clientSecret }`);
  }
  let client: ClientAuthentication;
  try {
    client = createClientAuthentication(input.client, { clock: context.clock });
  } catch (error) {
    fail(`${what}.client: ${(error as Error).message.replace(/^bearer-guard: /, '')}`);
  }
  const tokens = input.tokens ?? 'opaque';
  if (tokens !== 'opaque' && tokens !== 'all') fail(`${what}.tokens must be 'opaque' (JWTs verified locally) or 'all' (every token introspected)`);
  const hint = input.tokenTypeHint ?? 'access_token';
  if (hint !== 'access_token' && hint !== false) fail(`${what}.tokenTypeHint must be 'access_token' or false`);
  if (input.jwtResponse !== undefined && typeof input.jwtResponse !== 'boolean') fail(`${what}.jwtResponse must be true or false`);

  const cache = input.cache ?? {};
  if (cache !== false && (typeof cache !== 'object' || cache === null)) fail(`${what}.cache must be an object or false`);
  if (cache) {
    for (const key of Object.keys(cache)) {
      if (!knownCacheKeys.has(key)) fail(`${what}.cache: unknown option ${JSON.stringify(key)} (use maxAge, inactiveMaxAge, maxEntries)`);
    }
  }
  const cacheMaxEntries = cache ? (cache.maxEntries ?? 10_000) : 1;
  if (!Number.isInteger(cacheMaxEntries) || cacheMaxEntries < 1) fail(`${what}.cache.maxEntries must be a positive integer`);
  const maxCallsPerSecond = input.maxCallsPerSecond ?? 50;
  if (typeof maxCallsPerSecond !== 'number' || !Number.isFinite(maxCallsPerSecond) || maxCallsPerSecond < 1) {
    fail(`${what}.maxCallsPerSecond must be a number of at least 1`);
  }
  const timeoutMs = input.timeout === undefined ? context.keys.timeoutMs : ms(input.timeout, 0, `${what}.timeout`);
  if (timeoutMs <= 0) fail(`${what}.timeout must be more than 0`);
  const shared = input.shared === undefined ? undefined : sharedCache(input.shared, what, cache);

  return {
    ...(input.endpoint !== undefined ? { endpoint: input.endpoint } : {}),
    tokens,
    client,
    ...(hint ? { tokenTypeHint: hint } : {}),
    jwtResponse: input.jwtResponse === true,
    activeMaxAgeMs: cache ? ms(cache.maxAge, 60, `${what}.cache.maxAge`) : 0,
    inactiveMaxAgeMs: cache ? ms(cache.inactiveMaxAge, 10, `${what}.cache.inactiveMaxAge`) : 0,
    cacheMaxEntries,
    maxCallsPerSecond,
    timeoutMs,
    errorBackoffMs: context.keys.errorBackoffMs,
    maxResponseBytes: context.keys.maxResponseBytes,
    ...(shared ? { shared } : {}),
  };
}

/** The fleet's introspection cache from `shared`, checked; sharing needs a local cache to share. */
function sharedCache(input: unknown, what: string, cache: IntrospectionOptions['cache']): IntrospectionCache {
  const store = (input as Partial<SharedIntrospectionStore> | null)?.introspectionCache as Partial<IntrospectionCache> | undefined;
  if (typeof store?.read !== 'function' || typeof store.write !== 'function' || typeof store.tryLease !== 'function') {
    fail(`${what}.shared must be a shared store such as createRedisStore(client) from bearer-guard/redis`);
  }
  if (cache === false) fail(`${what}.shared needs the result cache: with cache: false every request asks the endpoint, so there is nothing to share`);
  return store as IntrospectionCache;
}

/**
 * Resolves the `introspection` option of every issuer entry into `issuers` (already validated
 * otherwise), and decides which issuer's endpoint receives tokens that are not JWTs. An opaque token
 * names no issuer, and sending it to several endpoints in turn would hand it to servers that did
 * not issue it: with more than one introspecting issuer, `opaqueTokenIssuer` must say which.
 */
export function addIntrospection(
  inputs: readonly IssuerInput[],
  issuers: Map<string, ResolvedIssuer>,
  opaqueTokenIssuer: unknown,
  context: { keys: KeyPolicy; clock: () => number },
): string | undefined {
  inputs.forEach((input, index) => {
    if (typeof input !== 'object' || input.introspection === undefined) return;
    const entry = issuers.get(input.issuer)!;
    issuers.set(entry.issuer, { ...entry, introspection: resolveIntrospection(input.introspection, `issuers[${index}].introspection`, context) });
  });
  const introspecting = [...issuers.values()].filter((entry) => entry.introspection).map((entry) => entry.issuer);
  if (opaqueTokenIssuer === undefined) {
    if (introspecting.length > 1) {
      fail(
        `several issuers introspect tokens (${introspecting.join(', ')}); an opaque token names no issuer, so set opaqueTokenIssuer to the one whose endpoint receives them (bearer-guard never tries endpoints in turn)`,
      );
    }
    return introspecting[0];
  }
  if (typeof opaqueTokenIssuer !== 'string' || !introspecting.includes(opaqueTokenIssuer)) {
    fail(`opaqueTokenIssuer ${JSON.stringify(opaqueTokenIssuer)} must be one of the issuers with introspection: ${introspecting.join(', ') || '(none)'}`);
  }
  return opaqueTokenIssuer;
}
