import { assertSecureUrl } from '../core/keys/issuer-url.js';
import { parseDurationSeconds } from '../core/lib/duration.js';
import { createClientAuthentication, type ClientAuthentication, type ClientAuthOptions } from '../core/oauth/client-auth.js';
import type { Duration, IssuerConfig } from '../core/options/options.js';
import type { TokenClientEvent } from './events.js';
import { checkTarget, providerProfile, type Provider, type TokenTarget } from './provider.js';

/** What to ask a token for: scopes and the API (Auth0 `audience`, or RFC 8707 `resource`). */
export interface TokenRequestOptions {
  /** Scopes, as a list or a space-separated string. */
  scope?: string | string[];
  /** The API identifier: Auth0's `audience` parameter; for Entra ID sent as `scope=<audience>/.default`. */
  audience?: string;
  /** RFC 8707 resource indicator(s): absolute URIs of the APIs the token is for. */
  resource?: string | string[];
}

/** Options of {@link createTokenClient}. */
export interface TokenClientOptions extends ClientAuthOptions, TokenRequestOptions {
  /**
   * The authorization server: its issuer URL (the token endpoint is found by discovery, with the
   * same issuer checks as the middleware) or a preset such as `okta({ domain })` or
   * `auth0({ domain })`, which also sets provider specifics (Auth0 `audience`, Entra `/.default`).
   */
  issuer?: string | IssuerConfig;
  /** The token endpoint, when there is no discovery (or to override it). */
  tokenEndpoint?: string;
  /**
   * Ask for a new token this long before the current one expires; meanwhile the current one keeps
   * serving while the new one is fetched in the background. Default: the larger of 60 s and 10% of
   * the token's lifetime, at most half the lifetime.
   */
  refreshMargin?: Duration;
  /** Abandon one token request after this long. Default `'10s'`. */
  timeout?: Duration;
  /** Give up on a token after this long, waits for rate limits included. Default `'30s'`. */
  deadline?: Duration;
  /** Most token requests for one token (the first included). Default 4. */
  maxAttempts?: number;
  /** Lifetime assumed when the server sends no `expires_in` and the token is not a JWT with `exp`. Default `'5m'`. */
  defaultTokenLifetime?: Duration;
  /** Receives events for logs and metrics; never a token or secret. */
  onEvent?: (event: TokenClientEvent) => void;
  /** Current time in epoch ms. Default `Date.now`. */
  clock?: () => number;
  /** Waits `ms` milliseconds (backoff and rate-limit waits). Default: a timer. Tests pass one that moves their clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** The fetch used for the authorization server and for `authorizedFetch`. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** @internal */
export interface ResolvedClientOptions {
  readonly auth: ClientAuthentication;
  readonly provider: Provider;
  readonly issuer: string | undefined;
  readonly tokenEndpoint: string | undefined;
  readonly assertionAudience: string | undefined;
  readonly target: TokenTarget;
  readonly refreshMarginMs: number | undefined;
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  readonly maxAttempts: number;
  readonly defaultLifetimeMs: number;
  readonly clock: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly fetch: typeof fetch;
  readonly emit: (event: TokenClientEvent) => void;
}

const ms = (value: Duration | undefined, fallback: Duration, what: string): number =>
  parseDurationSeconds(value ?? fallback, `client ${what}`) * 1000;

/**
 * Validates the options once; every problem is a `TypeError` that says what to change.
 *
 * @internal
 */
export function resolveClientOptions(options: TokenClientOptions): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('bearer-guard/client: createTokenClient needs options');
  const issuerConfig = typeof options.issuer === 'string' ? { issuer: options.issuer } : options.issuer;
  if (issuerConfig === undefined && options.tokenEndpoint === undefined) {
    throw new TypeError('bearer-guard/client: give issuer (discovery finds the token endpoint) or tokenEndpoint');
  }
  if (issuerConfig !== undefined) assertSecureUrl(issuerConfig.issuer, 'client issuer');
  if (options.tokenEndpoint !== undefined) assertSecureUrl(options.tokenEndpoint, 'tokenEndpoint', { allowQuery: true });
  const profile = providerProfile(issuerConfig);
  if (issuerConfig?.issuer.includes('{') && options.tokenEndpoint === undefined) {
    throw new TypeError(
      `bearer-guard/client: issuer ${issuerConfig.issuer} is a multi-tenant template; a client lives in one tenant, so give tokenEndpoint (e.g. https://login.microsoftonline.com/<your tenant>/oauth2/v2.0/token)`,
    );
  }
  const target = resolveTarget(options);
  checkTarget(profile.provider, target);

  const clock = options.clock ?? Date.now;
  const auth = createClientAuthentication(options, { clock });
  for (const [name, value] of [['clock', options.clock], ['sleep', options.sleep], ['random', options.random], ['fetch', options.fetch], ['onEvent', options.onEvent]] as const) {
    if (value !== undefined && typeof value !== 'function') throw new TypeError(`bearer-guard/client: ${name} must be a function`);
  }
  const maxAttempts = options.maxAttempts ?? 4;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 10) {
    throw new TypeError(`bearer-guard/client: maxAttempts must be an integer from 1 to 10; got ${JSON.stringify(options.maxAttempts)}`);
  }
  const onEvent = options.onEvent;
  return {
    auth,
    provider: profile.provider,
    issuer: issuerConfig?.issuer,
    tokenEndpoint: options.tokenEndpoint ?? profile.tokenEndpoint,
    assertionAudience: profile.assertionAudience,
    target,
    refreshMarginMs: options.refreshMargin === undefined ? undefined : ms(options.refreshMargin, 0, 'refreshMargin'),
    timeoutMs: ms(options.timeout, '10s', 'timeout'),
    deadlineMs: ms(options.deadline, '30s', 'deadline'),
    maxAttempts,
    defaultLifetimeMs: ms(options.defaultTokenLifetime, '5m', 'defaultTokenLifetime'),
    clock,
    sleep: options.sleep ?? ((wait) => new Promise((resolve) => setTimeout(resolve, wait))),
    random: options.random ?? Math.random,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    emit: onEvent
      ? (event) => {
          // A failing listener must not fail the token request.
          try {
            onEvent(event);
          } catch {
            /* ignored on purpose */
          }
        }
      : () => {},
  };
}

/** Normalizes scope/audience/resource of options or of one call. @internal */
export function resolveTarget(request: TokenRequestOptions, base?: TokenTarget): TokenTarget {
  const scope = request.scope === undefined ? base?.scope ?? [] : toList(request.scope, 'scope', ' ');
  const resource = request.resource === undefined ? base?.resource ?? [] : toList(request.resource, 'resource');
  return {
    scope: [...new Set(scope)].sort(),
    audience: request.audience === undefined ? base?.audience : request.audience,
    resource: [...new Set(resource)].sort(),
  };
}

function toList(value: string | string[], what: string, separator?: string): string[] {
  if (typeof value === 'string') return separator ? value.split(separator).filter((part) => part !== '') : [value];
  if (Array.isArray(value) && value.every((part) => typeof part === 'string')) return [...value];
  throw new TypeError(`bearer-guard/client: ${what} must be a string or an array of strings`);
}
