import type { KeyObject } from 'node:crypto';
import { discoverJwksUri, DiscoveryFailure } from './discovery.js';
import type { KeyEvent, KeyFetchReason } from '../pipeline/events.js';
import { fetchJson } from './fetch-json.js';
import { cacheLifetimeMs, retryHintMs } from './http-hints.js';
import type { CachedKeySet } from './key-cache.js';
import { parseKeySet, selectKeys, type KeyEntry, type KeySet } from './key-set.js';
import { KeySourceFailure } from './key-source-failure.js';
import type { KeyPolicy } from '../options/resolve-options.js';

/** A JWKS URL as shown in descriptions and events: a query string may carry a secret. */
function withoutQuery(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?...`;
}

/** Why no key was returned for a token that the client is responsible for (a 401, not a 503). */
export class KeyLookupProblem extends Error {
  constructor(
    readonly problem: 'kid_unknown' | 'kid_missing' | 'algorithm_key_mismatch',
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'KeyLookupProblem';
  }
}

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
  /** Epoch ms until which the current key set is fresh (0 before the first fetch). */
  freshUntil(): number;
  /** Changes whenever another key set is adopted; cached verification results are tied to it. */
  generation(): number;
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
  fetch: typeof fetch;
  clock: () => number;
  emit: (event: KeyEvent) => void;
}

/**
 * Creates the key store of one issuer. All state lives here, per middleware instance:
 * - one fetch in flight at a time, shared by every request waiting for keys;
 * - lifetime from `Cache-Control: max-age`, clamped to the policy's bounds;
 * - an unknown `kid` refreshes at once, then at most once per cooldown, so rotations are picked
 *   up on the first new token while forged `kid`s cannot make us hammer the IdP; it is a 401 only
 *   when we have really looked, a 503 while the last fetch failed or the IdP makes us wait;
 * - after 429/503 or an outage, no fetch before the IdP's reset time; known keys keep serving up to
 *   `maxStale` past their lifetime (stale-if-error).
 */
export function createKeyStore(deps: KeyStoreDeps): KeyStore {
  const { issuer, policy, clock, emit } = deps;
  let jwksUri = deps.jwksUri;
  let current: Current | undefined;
  let inFlight: Promise<void> | undefined;
  let lastFailure: KeySourceFailure | undefined;
  let lastForcedAt = Number.NEGATIVE_INFINITY;
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

  /** What the shared cache holds for `url`; a failing or confused cache counts as empty. */
  async function readCache(url: string): Promise<CachedKeySet | undefined> {
    try {
      const cached = await policy.cache.get(url);
      if (typeof cached?.fetchedAt === 'number' && typeof cached.expiresAt === 'number') return cached;
    } catch {
      // As when storing: a cache outage must not become an authentication outage.
    }
    return undefined;
  }

  function failure(code: KeySourceFailure['code'], description: string, retryAt: number): KeySourceFailure {
    lastFailure = new KeySourceFailure(code, description, retryAt);
    return lastFailure;
  }

  async function resolveJwksUri(): Promise<string> {
    if (jwksUri) return jwksUri;
    const found = await discoverJwksUri(issuer, {
      fetch: deps.fetch,
      timeoutMs: policy.timeoutMs,
      maxBytes: policy.maxResponseBytes,
      now: clock,
      errorBackoffMs: policy.errorBackoffMs,
    });
    emit({ type: 'discovery_completed', issuer, url: found.url, jwksUri: found.jwksUri });
    jwksUri = found.jwksUri;
    return jwksUri;
  }

  async function fetchKeys(reason: KeyFetchReason): Promise<void> {
    let url: string;
    try {
      url = await resolveJwksUri();
    } catch (error) {
      if (error instanceof KeySourceFailure) {
        lastFailure = error;
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
    const cached = await readCache(url);
    // A set another instance fetched after ours is adopted even when it has expired: should our own
    // fetch fail, it is the freshest stale fallback there is.
    if (cached && (!current || cached.fetchedAt > current.fetchedAt) && !adopt(cached) && cached.expiresAt > clock()) {
      lastFailure = undefined;
      staleNotified = false;
      return;
    }
    const result = await fetchJson(url, { fetch: deps.fetch, timeoutMs: policy.timeoutMs, maxBytes: policy.maxResponseBytes });
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
    lastFailure = undefined;
    staleNotified = false;
    try {
      await policy.cache.set(url, entry, ttl + policy.maxStaleMs);
    } catch {
      // The shared cache only saves fetches; when it is down, each instance fetches for itself.
    }
    emit({ type: 'keys_fetched', issuer, url: withoutQuery(url), keyCount: current!.set.all.length, ttlSeconds: Math.round(ttl / 1000), reason });
  }

  /** Starts a fetch unless one is running or the IdP asked us to wait; shares the running one. */
  function refresh(reason: KeyFetchReason): Promise<void> {
    if (inFlight) return inFlight;
    if (lastFailure && clock() < lastFailure.retryAt) return Promise.reject(lastFailure);
    inFlight = fetchKeys(reason).finally(() => {
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

  async function importAll(entries: KeyEntry[], alg: string): Promise<KeyObject[]> {
    const keys: KeyObject[] = [];
    let lastError: unknown;
    for (const entry of entries) {
      try {
        keys.push(await entry.keyFor(alg));
      } catch (error) {
        lastError = error;
      }
    }
    if (keys.length === 0) {
      throw new KeyLookupProblem('algorithm_key_mismatch', `the published key cannot be used: ${(lastError as Error)?.message ?? 'import failed'}`);
    }
    return keys;
  }

  return {
    async keysFor(kid, alg) {
      let set = (await ensureKeys()).set;
      let found = selectKeys(set, kid, alg);
      if ('problem' in found && found.problem === 'kid_unknown') {
        // A new kid usually means the IdP rotated keys: look again, once per cooldown. An attempt
        // the IdP's block stops before it starts does not use up the cooldown.
        const now = clock();
        const blocked = lastFailure !== undefined && now < lastFailure.retryAt;
        if (inFlight || (!blocked && now - lastForcedAt >= policy.cooldownMs)) {
          if (!inFlight) lastForcedAt = now;
          await refresh('unknown_kid');
          set = current!.set;
          found = selectKeys(set, kid, alg);
        } else if (lastFailure) {
          // The last fetch failed, so we have not seen the current keys: the token may well be
          // valid. 503 until we may look again, never a 401 we cannot stand behind.
          const retryAt = Math.max(lastFailure.retryAt, lastForcedAt + policy.cooldownMs);
          throw new KeySourceFailure(lastFailure.code, lastFailure.description, retryAt);
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
    readyKeys(kid, alg, now) {
      if (!current || now >= current.expiresAt) return undefined;
      return ready.get(alg)?.get(kid);
    },
    freshUntil: () => current?.expiresAt ?? 0,
    generation: () => generation,
  };
}
