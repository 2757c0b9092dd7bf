import { hash } from 'node:crypto';
import type { IssuerExpectations } from '../claims/accept-claims.js';
import { retryHintMs } from '../keys/http-hints.js';
import { deepFreeze } from '../lib/deep-freeze.js';
import { createTokenCache } from '../pipeline/token-cache.js';
import { estimateHeapBytes } from '../pipeline/entry-cost.js';
import { acceptIntrospected, type IntrospectedToken } from './accept-introspected.js';
import { createCallBudget } from './call-budget.js';
import { answerFromJson, type IntrospectionAnswer } from './introspection-answer.js';
import { createEndpointSource } from './introspection-endpoint.js';
import type { IntrospectionEvent } from './introspection-events.js';
import { introspectionFailedEvent, type IntrospectionFailure } from './introspection-failure.js';
import type { ResolvedIntrospection } from './resolve-introspection.js';
import { answerFromJwt, type JwtAnswerExpectations } from './jwt-answer.js';
import { jwtResponseType, postIntrospection } from './post-introspection.js';
import { withoutQuery } from '../lib/url-without-query.js';
import { boundedCall } from '../lib/bounded-call.js';
import { introspectThroughFleet } from './fleet-introspection.js';
import type { SharedIntrospectionResult } from './shared-introspection.js';

/** The answer for one token: accepted (from the cache or the endpoint) or refused. */
export type IntrospectionOutcome =
  | { accepted: IntrospectedToken; failure?: undefined; cached: boolean }
  | { accepted?: undefined; failure: IntrospectionFailure; cached: boolean };

/** Introspects the tokens of one issuer. One per issuer and verifier. */
export interface Introspector {
  /** A cached answer at once; otherwise the endpoint's answer (one call per token in flight). */
  introspect(token: string): IntrospectionOutcome | Promise<IntrospectionOutcome>;
}

export interface IntrospectorDeps {
  issuer: string;
  config: ResolvedIntrospection;
  expectations: IssuerExpectations;
  /** Verifies RFC 9701 responses with the issuer's keys. */
  jwtExpectations: Omit<JwtAnswerExpectations, 'clientId' | 'toleranceSec'>;
  fetch: typeof fetch;
  clock: () => number;
  emit: (event: IntrospectionEvent) => void;
}

/** Cached: an accepted token's fields, or the refusal (inactive, or active but not for this API). */
type Entry = { accepted: IntrospectedToken; failure?: undefined } | { accepted?: undefined; failure: IntrospectionFailure };

/** Memory bound of the result cache, on top of its entry count. */
const cacheMaxBytes = 16 * 1024 * 1024;
/** One answer may take at most this much of it, so a few huge answers cannot flush the rest. */
const maxEntryBytes = cacheMaxBytes / 16;
const entryOverheadBytes = 256;

/** An upper bound of the heap a cached value holds, whatever its shape; Infinity past the entry limit. */
function entryBytes(value: unknown): number {
  return entryOverheadBytes + estimateHeapBytes(value, maxEntryBytes);
}

/** The cache key: the token itself is never kept, so a heap dump does not hand out live tokens. */
function tokenHash(token: string): string {
  return hash('sha256', token, 'base64url');
}

/**
 * Creates the introspector of one issuer. All state lives here, per verifier:
 * - results cached by a hash of the token: active ones until `exp` plus the clock tolerance and at
 *   most `cache.maxAge`, refusals for `cache.inactiveMaxAge`; bounded in entries and bytes;
 * - one call in flight per token, shared by every request that carries it;
 * - a budget of calls per second: beyond it, unknown tokens get a 503 at once, never a queue;
 * - after a failed call (429/503 with the IdP's reset hint, outage, refused credentials), no call
 *   before the retry time: unknown tokens get 503 with `Retry-After`, cached answers still serve.
 */
export function createIntrospector(deps: IntrospectorDeps): Introspector {
  const { issuer, config, expectations, clock, emit } = deps;
  const cache = createTokenCache<Entry>({
    maxEntries: config.cacheMaxEntries,
    maxAgeMs: Math.max(config.activeMaxAgeMs, config.inactiveMaxAgeMs),
    maxBytes: cacheMaxBytes,
  });
  const inFlight = new Map<string, Promise<IntrospectionOutcome>>();
  const budget = createCallBudget(config.maxCallsPerSecond);
  const endpoints = createEndpointSource({
    issuer,
    configured: config.endpoint,
    fetch: deps.fetch,
    clock,
    timeoutMs: config.timeoutMs,
    maxResponseBytes: config.maxResponseBytes,
    errorBackoffMs: config.errorBackoffMs,
    emit,
  });
  const jwtExpectations: JwtAnswerExpectations = { ...deps.jwtExpectations, clientId: config.client.clientId, toleranceSec: expectations.toleranceSec };
  const shared = config.shared;
  const describeEndpoint = (endpoint: string) => `the introspection endpoint ${withoutQuery(endpoint)} of ${issuer}`;
  /** Names the endpoint in descriptions: the configured one, or the one discovery found. */
  let where = config.endpoint ? describeEndpoint(config.endpoint) : `the introspection endpoint of ${issuer}`;
  let blocked: IntrospectionFailure | undefined;
  let budgetReported = false;

  function refuseUntil(failure: IntrospectionFailure & { retryAt: number }, endpoint: string, status: number | undefined, reason: string, configurationError: boolean): IntrospectionOutcome {
    blocked = failure;
    emit(introspectionFailedEvent(issuer, endpoint, failure, { status, reason, configurationError, now: clock() }));
    return { failure, cached: false };
  }

  async function ask(token: string, key: string): Promise<IntrospectionOutcome> {
    const endpoint = await endpoints.endpoint();
    if (typeof endpoint !== 'string') return { failure: endpoint, cached: false };
    where = describeEndpoint(endpoint);
    const params = new URLSearchParams({ token });
    if (config.tokenTypeHint) params.set('token_type_hint', config.tokenTypeHint);
    const credentials = await config.client.credentialsFor(endpoint);
    for (const [name, value] of Object.entries(credentials.params)) params.set(name, value);
    const headers: Record<string, string> = { ...credentials.headers, accept: config.jwtResponse ? jwtResponseType : 'application/json' };
    const startedAt = performance.now();
    const http = await postIntrospection(endpoint, { body: params, headers }, {
      fetch: deps.fetch,
      timeoutMs: config.timeoutMs,
      maxBytes: config.maxResponseBytes,
    });
    const after = clock();
    if (!http.ok) {
      const status = http.status;
      const hint = http.headers ? retryHintMs(http.headers, after) : undefined;
      const retryAt = after + (hint ?? config.errorBackoffMs);
      if (status === 401 || status === 403) {
        const description = `The token could not be checked: ${where} refused this API's own client credentials (HTTP ${status}), a configuration error of this API`;
        return refuseUntil({ code: 'introspection_client_rejected', description, retryAt }, endpoint, status, `client credentials refused (HTTP ${status}); check introspection.client`, true);
      }
      const limited = status === 429 || status === 503;
      const code = limited ? 'introspection_rate_limited' : status === 200 ? 'introspection_response_invalid' : 'introspection_unavailable';
      // A 400 answers our request's form (e.g. a server that cannot introspect JWTs, with tokens: 'all').
      return refuseUntil({ code, description: `The token could not be checked: ${where} answered ${http.reason}`, retryAt }, endpoint, status, http.reason, status === 400);
    }
    let answer: IntrospectionAnswer;
    if (http.contentType === jwtResponseType) answer = await answerFromJwt(http.text, jwtExpectations, Math.floor(clock() / 1000));
    else if (config.jwtResponse) answer = { unusable: `the response is ${http.contentType || 'untyped'}, not the signed ${jwtResponseType} this API asked for` };
    else answer = answerFromJson(http.text);
    const durationMs = performance.now() - startedAt;
    if ('unusable' in answer) {
      const failure = { code: 'introspection_response_invalid' as const, description: `The token could not be checked: ${where} sent an unusable answer: ${answer.unusable}`, retryAt: after + config.errorBackoffMs };
      return refuseUntil(failure, endpoint, 200, answer.unusable, false);
    }
    blocked = undefined;
    emit({ type: 'introspection_call', issuer, endpoint: withoutQuery(endpoint), active: answer.active, durationMs });
    const now = clock();
    const members = answer.active ? answer.members : undefined;
    const { outcome, until } = settle(key, members, now, now + (members ? config.activeMaxAgeMs : config.inactiveMaxAgeMs));
    if (shared && until > now) {
      const result: SharedIntrospectionResult = { issuer, active: answer.active, ...(members ? { members } : {}), answeredAt: now, expiresAt: until };
      void boundedCall(() => shared.write(issuer, key, result, until - now), config.timeoutMs);
    }
    return outcome;
  }

  /**
   * What the endpoint said (the active answer's members, or undefined for inactive) as this API's
   * answer, cached until `until` at the latest: an accepted token no longer than its `exp` plus the
   * tolerance, a refusal no longer than `cache.inactiveMaxAge`.
   */
  function settle(key: string, members: Record<string, unknown> | undefined, now: number, until: number) {
    if (!members) {
      const failure: IntrospectionFailure = { code: 'token_inactive', description: `${where} says the token is not active (revoked, expired, or unknown to it)` };
      cache.set(key, { failure }, until, now, entryBytes(failure));
      return { outcome: { failure, cached: false }, until } as const;
    }
    const checked = acceptIntrospected(members, expectations, Math.floor(now / 1000));
    if (checked.failure) {
      const refusedUntil = Math.min(until, now + config.inactiveMaxAgeMs);
      cache.set(key, { failure: checked.failure }, refusedUntil, now, entryBytes(checked.failure));
      return { outcome: { failure: checked.failure, cached: false }, until: refusedUntil } as const;
    }
    const { accepted } = checked;
    // Shared by every request that carries the token: frozen whole, as results are.
    Object.freeze(accepted.scopes);
    deepFreeze(accepted.claims);
    Object.freeze(accepted);
    const exp = accepted.claims.exp;
    const tokenEnds = typeof exp === 'number' ? (exp + expectations.toleranceSec) * 1000 : Number.POSITIVE_INFINITY;
    const acceptedUntil = Math.min(tokenEnds, until);
    // Too large an answer is not kept (its cost is Infinity): the next request asks again.
    cache.set(key, { accepted }, acceptedUntil, now, entryBytes(accepted));
    return { outcome: { accepted, cached: false }, until: acceptedUntil } as const;
  }

  /**
   * Another instance's answer, under this instance's rules: its own checks at this moment, and
   * kept no longer than this instance would have kept it had it asked the endpoint at `answeredAt`.
   */
  function adopt(key: string, result: SharedIntrospectionResult): IntrospectionOutcome | undefined {
    if (result.issuer !== issuer || (result.active && !result.members)) return undefined;
    const now = clock();
    const maxAge = result.active ? config.activeMaxAgeMs : config.inactiveMaxAgeMs;
    const until = Math.min(result.expiresAt, result.answeredAt + maxAge, now + maxAge);
    if (until <= now) return undefined;
    const { outcome } = settle(key, result.active ? result.members : undefined, now, until);
    emit({ type: 'introspection_cache_hit', issuer, accepted: outcome.accepted !== undefined, shared: true });
    return { ...outcome, cached: true };
  }

  /** Asks the endpoint unless it asked us to wait, or the budget of calls is spent. */
  function askOwn(token: string, key: string, now: number): IntrospectionOutcome | Promise<IntrospectionOutcome> {
    if (blocked && now < blocked.retryAt!) return { failure: blocked, cached: false };
    if (!budget.take(now)) {
      if (!budgetReported) {
        budgetReported = true;
        emit({ type: 'introspection_budget_exhausted', issuer, maxCallsPerSecond: config.maxCallsPerSecond });
      }
      const description = `More than ${config.maxCallsPerSecond} unknown tokens per second for ${issuer}; this one was not sent to the introspection endpoint`;
      return { failure: { code: 'introspection_budget_exceeded', description, retryAt: budget.nextAt(now) }, cached: false };
    }
    budgetReported = false;
    return ask(token, key);
  }

  function track(key: string, call: Promise<IntrospectionOutcome>): Promise<IntrospectionOutcome> {
    const tracked = call.finally(() => inFlight.delete(key));
    inFlight.set(key, tracked);
    return tracked;
  }

  return {
    introspect(token) {
      const key = tokenHash(token);
      const now = clock();
      const hit = cache.get(key, now);
      if (hit) {
        emit({ type: 'introspection_cache_hit', issuer, accepted: hit.accepted !== undefined });
        return hit.accepted ? { accepted: hit.accepted, cached: true } : { failure: hit.failure, cached: true };
      }
      const running = inFlight.get(key);
      if (running) return running;
      if (shared) {
        return track(key, introspectThroughFleet(shared, issuer, key, { adopt: (result) => adopt(key, result), askOwn: () => askOwn(token, key, clock()), timeoutMs: config.timeoutMs }));
      }
      const outcome = askOwn(token, key, now);
      return outcome instanceof Promise ? track(key, outcome) : outcome;
    },
  };
}
