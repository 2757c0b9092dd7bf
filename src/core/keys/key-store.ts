import type { KeyObject } from 'node:crypto';
import { discoverJwksUri, DiscoveryFailure } from './discovery.js';
import type { KeyEvent, KeyFetchReason } from '../pipeline/events.js';
import { getJson } from './fetch-json.js';
import { cacheLifetimeMs, retryHintMs } from './http-hints.js';
import { createAbsentKids } from './absent-kids.js';
import { createMemoryBackoffState, type BackoffState } from './backoff-state.js';
import type { CachedKeySet } from './key-cache.js';
import { readKeyCache, writeKeyCache } from './key-cache-calls.js';
import { fetchThroughFleet, readSharedDiscovery, shareDiscovery, type FleetFetchSteps } from './fleet-fetch.js';
import { importAll, prepareKeys } from './import-keys.js';
import { KeyLookupProblem } from './key-lookup-problem.js';
import { parseKeySet, selectKeys, type KeySet } from './key-set.js';
import { KeySourceFailure } from './key-source-failure.js';
import { createMemoryRefreshBudget, type RefreshBudget } from './refresh-budget.js';
import { decideUnknownKid, nextUnknownKidLookupAt, unknownKidFailure } from './unknown-kid-policy.js';
import type { KeyPolicy } from '../options/resolve-options.js';
import { withoutQuery } from '../lib/url-without-query.js';

/** The keys of one issuer, fetched and refreshed by the policy below. */
export interface KeyStore {
  /**
   * Keys that may verify a token with this `kid` and `alg`. Throws {@link KeyLookupProblem} when
   * the token names no usable key (401) and {@link KeySourceFailure} when keys cannot be had (503).
   */
  keysFor(kid: string | undefined, alg: string): Promise<KeyObject[]>;
  /**
   * What `keysFor` would return, when that needs no fetch and no import: the key set is fresh and
   * this `kid` and `alg` were looked up in it before. Otherwise undefined. Spares warm requests
   * every promise on the way to the keys.
   */
  readyKeys(kid: string | undefined, alg: string, now: number): KeyObject[] | undefined;
  /**
   * Fetches the key set unless a fresh one is at hand, and imports every key that fits one of
   * `algorithms`, so that the first tokens find their keys ready. Resolves with the number of keys
   * in the set; rejects like `keysFor` when keys cannot be had.
   */
  prepare(algorithms: ReadonlySet<string>): Promise<number>;
  /** Epoch ms until which the current key set is fresh (0 before the first fetch). */
  freshUntil(): number;
  /** Changes whenever another key set is adopted; cached verification results are tied to it. */
  generation(): number;
  /**
   * Epoch ms at which a token with an unknown `kid` will really make this store ask the IdP again
   * (`now` when it would now): the later of the IdP's backoff and the refresh budget.
   */
  nextUnknownKidLookupAt(now: number): number;
}

interface Current {
  set: KeySet;
  fetchedAt: number;
  expiresAt: number;
}

export interface KeyStoreDeps {
  issuer: string;
  jwksUri?: string;
  policy: KeyPolicy;
  /** The configured fetch; undefined for `node:http`/`node:https` (see getJson). */
  fetch: typeof fetch | undefined;
  clock: () => number;
  emit: (event: KeyEvent) => void;
  /** The unknown-kid refresh budget; default in memory, from the policy's limits. */
  budget?: RefreshBudget;
  /** The IdP backoff; default in memory. */
  backoff?: BackoffState;
}

/**
 * Creates the key store of one issuer. All state lives here, per middleware instance:
 * - one fetch in flight at a time, shared by every request waiting for keys;
 * - lifetime from `Cache-Control: max-age`, clamped to the policy's bounds;
 * - unknown `kid`s refresh under a token-bucket budget shared by all of them (see
 *   unknown-kid-policy.ts), so a rotation is picked up within one budget interval whatever the rate
 *   of forged `kid`s; a 401 only when we have really looked, a 503 while the last fetch failed or
 *   the IdP makes us wait, with the moment we will really look again;
 * - after 429/503 or an outage, no fetch before the IdP's reset time; known keys keep serving up to
 *   `maxStale` past their lifetime (stale-if-error).
 */
export function createKeyStore(deps: KeyStoreDeps): KeyStore {
  const { issuer, policy, clock, emit } = deps;
  let jwksUri = deps.jwksUri;
  let current: Current | undefined;
  let inFlight: Promise<void> | undefined;
  const budget = deps.budget ?? createMemoryRefreshBudget({ intervalMs: policy.unknownKidRefreshIntervalMs, burst: policy.unknownKidRefreshBurst });
  const backoff = deps.backoff ?? createMemoryBackoffState();
  const absent = createAbsentKids(policy.absentKidMemoryMs);
  let staleNotified = false;
  let generation = 0;
  /** Keys by alg and kid as `keysFor` found them in the current set; only kids the set has. */
  let ready = new Map<string, Map<string | undefined, KeyObject[]>>();

  function adopt(cached: CachedKeySet): string | undefined {
    const set = parseKeySet(cached.jwks);
    if (typeof set === 'string') return set;
    current = { set, fetchedAt: cached.fetchedAt, expiresAt: cached.expiresAt };
    generation++;
    ready = new Map();
    for (const reason of set.ignored) emit({ type: 'keys_ignored', issuer, reason });
    return undefined;
  }

  function failure(code: KeySourceFailure['code'], description: string, retryAt: number): KeySourceFailure {
    const f = new KeySourceFailure(code, description, retryAt);
    backoff.failed(f, clock());
    return f;
  }

  async function resolveJwksUri(): Promise<string> {
    if (jwksUri) return jwksUri;
    const shared = policy.fleet && (await readSharedDiscovery(policy.fleet, issuer, policy.timeoutMs));
    if (shared) return (jwksUri = shared);
    const found = await discoverJwksUri(issuer, {
      fetch: deps.fetch,
      timeoutMs: policy.timeoutMs,
      maxBytes: policy.maxResponseBytes,
      now: clock,
      errorBackoffMs: policy.errorBackoffMs,
    });
    emit({ type: 'discovery_completed', issuer, url: found.url, jwksUri: found.jwksUri });
    if (policy.fleet) shareDiscovery(policy.fleet, issuer, { jwksUri: found.jwksUri, discoveredAt: clock() }, policy);
    jwksUri = found.jwksUri;
    return jwksUri;
  }

  async function fetchKeys(reason: KeyFetchReason): Promise<void> {
    let url: string;
    try {
      url = await resolveJwksUri();
    } catch (error) {
      if (error instanceof KeySourceFailure) {
        backoff.failed(error, clock());
        const where = error instanceof DiscoveryFailure ? error : undefined;
        emit({
          type: 'keys_fetch_failed',
          issuer,
          url: where?.url ?? issuer,
          ...(where?.status !== undefined ? { status: where.status } : {}),
          retryAfterSeconds: Math.ceil((error.retryAt - clock()) / 1000),
          reason: error.description,
        });
      }
      throw error;
    }
    const cached = await readKeyCache(policy.cache, url, policy.timeoutMs);
    // A set another instance fetched after ours is adopted even when it has expired: should our own
    // fetch fail, it is the freshest stale fallback there is.
    if (cached && (!current || cached.fetchedAt > current.fetchedAt) && !adopt(cached) && cached.expiresAt > clock()) {
      backoff.succeeded();
      staleNotified = false;
      return;
    }
    const result = await getJson(url, { fetch: deps.fetch, timeoutMs: policy.timeoutMs, maxBytes: policy.maxResponseBytes });
    const after = clock();
    if (!result.ok) {
      const hint = result.headers ? retryHintMs(result.headers, after) : undefined;
      const limited = result.status === 429 || result.status === 503;
      const retryAt = after + (hint ?? policy.errorBackoffMs);
      const code = limited ? 'idp_rate_limited' : result.invalid ? 'jwks_invalid' : 'jwks_unavailable';
      const f = failure(code, `Signing keys of ${issuer} could not be fetched: ${withoutQuery(url)} answered ${result.reason}`, retryAt);
      emit({
        type: 'keys_fetch_failed',
        issuer,
        url: withoutQuery(url),
        ...(result.status !== undefined ? { status: result.status } : {}),
        retryAfterSeconds: Math.ceil((retryAt - after) / 1000),
        reason: result.reason,
      });
      if (result.status === 404 && !deps.jwksUri) jwksUri = undefined;
      throw f;
    }
    const ttl = cacheLifetimeMs(result.headers, policy);
    const entry: CachedKeySet = { jwks: result.json as CachedKeySet['jwks'], fetchedAt: after, expiresAt: after + ttl };
    const problem = adopt(entry);
    if (problem) {
      const retryAt = after + policy.errorBackoffMs;
      emit({ type: 'keys_fetch_failed', issuer, url: withoutQuery(url), status: 200, retryAfterSeconds: Math.ceil(policy.errorBackoffMs / 1000), reason: problem });
      throw failure('jwks_invalid', `Signing keys of ${issuer} are unusable: ${problem}`, retryAt);
    }
    backoff.succeeded();
    staleNotified = false;
    writeKeyCache(policy.cache, url, entry, ttl + policy.maxStaleMs);
    emit({ type: 'keys_fetched', issuer, url: withoutQuery(url), keyCount: current!.set.all.length, ttlSeconds: Math.round(ttl / 1000), reason });
  }

  /** A fresh key set another instance shared since ours, adopted; false when there is none. */
  async function adoptShared(): Promise<boolean> {
    const url = jwksUri ?? (policy.fleet && (await readSharedDiscovery(policy.fleet, issuer, policy.timeoutMs)));
    if (!url) return false;
    jwksUri = url;
    const cached = await readKeyCache(policy.cache, url, policy.timeoutMs);
    if (!cached || (current && cached.fetchedAt <= current.fetchedAt) || cached.expiresAt <= clock() || adopt(cached)) return false;
    backoff.succeeded();
    staleNotified = false;
    return true;
  }

  const fleetSteps: FleetFetchSteps = {
    adoptShared,
    fetchOwn: fetchKeys,
    obeyBackoff: (failure) => backoff.failed(failure, clock()),
    refreshIntervalMs: policy.unknownKidRefreshIntervalMs,
    refreshBurst: policy.unknownKidRefreshBurst,
    timeoutMs: policy.timeoutMs,
    clock,
  };

  /** Starts a fetch unless one is running or the IdP asked us to wait; shares the running one. */
  function refresh(reason: KeyFetchReason): Promise<void> {
    if (inFlight) return inFlight;
    const now = clock();
    if (backoff.isBlocked(now)) return Promise.reject(backoff.lastFailure(now)!);
    const fetching = policy.fleet ? fetchThroughFleet(policy.fleet, issuer, reason, fleetSteps) : fetchKeys(reason);
    inFlight = fetching.finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  /** Makes sure there is a key set to look in: fresh, or stale within `maxStale` when refreshing fails. */
  async function ensureKeys(): Promise<Current> {
    const now = clock();
    if (current && now < current.expiresAt) return current;
    try {
      await refresh(current ? 'expired' : 'cold');
    } catch (error) {
      if (!(error instanceof KeySourceFailure)) throw error;
      const stale = current;
      if (stale && clock() < stale.expiresAt + policy.maxStaleMs) {
        if (!staleNotified) {
          staleNotified = true;
          emit({ type: 'stale_keys_served', issuer, staleForSeconds: Math.round((clock() - stale.expiresAt) / 1000) });
        }
        return stale;
      }
      throw error;
    }
    return current!;
  }

  const store: KeyStore = {
    async keysFor(kid, alg) {
      let set = (await ensureKeys()).set;
      let found = selectKeys(set, kid, alg);
      if ('problem' in found && found.problem === 'kid_unknown') {
        const now = clock();
        const decision = decideUnknownKid(kid, { refreshing: inFlight !== undefined, budget, backoff, absent }, now);
        if (decision.action === 'unavailable') throw decision.failure;
        if (decision.action !== 'refuse') {
          try {
            await refresh('unknown_kid');
          } catch (error) {
            if (error instanceof KeySourceFailure) throw unknownKidFailure(error, { budget, backoff }, clock());
            throw error;
          }
          set = current!.set;
          found = selectKeys(set, kid, alg);
          // Looked for by a refresh that answered after the kid arrived: remember it is not there.
          if ('problem' in found && found.problem === 'kid_unknown' && kid !== undefined) absent.remember(kid, clock());
        }
      }
      if ('problem' in found) throw new KeyLookupProblem(found.problem, found.reason);
      const keys = await importAll(found.keys, alg);
      // The same set, lookup and imports give the same answer next time, until another set is adopted.
      if (set === current?.set) {
        let byKid = ready.get(alg);
        if (!byKid) ready.set(alg, (byKid = new Map()));
        byKid.set(kid, keys);
      }
      return keys;
    },
    async prepare(algorithms) {
      return prepareKeys((await ensureKeys()).set, algorithms, store.keysFor);
    },
    readyKeys(kid, alg, now) {
      if (!current || now >= current.expiresAt) return undefined;
      return ready.get(alg)?.get(kid);
    },
    freshUntil: () => current?.expiresAt ?? 0,
    generation: () => generation,
    nextUnknownKidLookupAt: (now) => nextUnknownKidLookupAt({ budget, backoff }, now),
  };
  return store;
}
