import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMemoryKeyCache, type CachedKeySet, type KeyCache } from '../../src/core/index.js';
import { failureOf, hour, minute, second, startKeysHarness, type KeysHarness } from './fixture.js';

/** A stand-in for Redis: async, values go through JSON, every call is recorded. */
function createRecordingCache() {
  const entries = new Map<string, string>();
  const sets: { key: string; ttlMs: number }[] = [];
  const cache: KeyCache = {
    async get(key) {
      const value = entries.get(key);
      return value === undefined ? undefined : (JSON.parse(value) as CachedKeySet);
    },
    async set(key, value, ttlMs) {
      sets.push({ key, ttlMs });
      entries.set(key, JSON.stringify(value));
    },
  };
  return { cache, sets, entries };
}

describe('Keys: a KeyCache lets a fleet share one fetch', () => {
  let h: KeysHarness;
  before(async () => {
    h = await startKeysHarness();
  });
  after(() => h.close());

  it('makes two verifiers sharing one custom cache cause one JWKS fetch', async () => {
    const { cache, sets } = createRecordingCache();
    const s = h.scenario({ keys: { cache } });
    const other = h.verifierFor(s, { keys: { cache } });
    const token = await s.issuer.token();
    await s.verifier.verify(token);
    await other.verify(token);
    assert.equal(s.issuer.hits.jwks, 1);
    assert.deepEqual(sets, [{ key: s.issuer.jwksUri, ttlMs: 5 * minute + 12 * hour }]);
  });

  it('shares a cache found by discovery too: one JWKS fetch, each instance discovers once', async () => {
    const { cache } = createRecordingCache();
    const s = h.scenario({ discovery: true, keys: { cache } });
    const other = h.verifierFor(s, { discovery: true, keys: { cache } });
    const token = await s.issuer.token();
    await s.verifier.verify(token);
    await other.verify(token);
    assert.equal(s.issuer.hits.jwks, 1);
    assert.equal(s.issuer.hits.discovery, 2);
  });

  it('makes the instance that comes second adopt a refresh the first one made when the keys expired', async () => {
    const { cache } = createRecordingCache();
    const s = h.scenario({ keys: { cache } });
    const other = h.verifierFor(s, { keys: { cache } });
    const token = await s.issuer.token({ expiresIn: '2h' });
    await s.verifier.verify(token);
    await other.verify(token);
    s.clock.advance(5 * minute);
    await s.verifier.verify(token);
    await other.verify(token);
    assert.equal(s.issuer.hits.jwks, 2);
  });

  it('passes a key rotation one instance saw on to the others without another fetch', async () => {
    const { cache } = createRecordingCache();
    const s = h.scenario({ keys: { cache } });
    const other = h.verifierFor(s, { keys: { cache } });
    await s.verifier.verify(await s.issuer.token());
    await other.verify(await s.issuer.token());
    s.clock.advance(10 * second);
    await s.issuer.rotateKeys();
    const rotated = await s.issuer.token();
    await s.verifier.verify(rotated);
    await other.verify(rotated);
    assert.equal(s.issuer.hits.jwks, 2);
  });

  it("lets a new instance serve the fleet's last keys while the IdP is down", async () => {
    const { cache } = createRecordingCache();
    const s = h.scenario({ keys: { cache } });
    await s.verifier.verify(await s.issuer.token());
    s.clock.advance(hour);
    s.issuer.fail('jwks', { status: 500 });
    const newcomer = h.verifierFor(s, { keys: { cache } });
    const result = await newcomer.verify(await s.issuer.token());
    assert.equal(result.issuer, s.issuer.issuer);
    assert.equal(s.issuer.hits.jwks, 2);
    assert.equal(s.eventsOf('stale_keys_served').length, 1);
  });

  it('keeps authenticating when the shared cache fails', async () => {
    const broken: KeyCache = {
      get: () => Promise.reject(new Error('ECONNREFUSED')),
      set: () => {
        throw new Error('ECONNREFUSED');
      },
    };
    const s = h.scenario({ keys: { cache: broken } });
    const token = await s.issuer.token();
    await s.verifier.verify(token);
    await s.verifier.verify(token);
    assert.equal(s.issuer.hits.jwks, 1);
    s.clock.advance(5 * minute);
    await s.verifier.verify(token);
    assert.equal(s.issuer.hits.jwks, 2);
  });

  it('treats a cache entry of the wrong shape as a miss', async () => {
    const odd = { get: () => ({ jwks: 'nope' }) as unknown as CachedKeySet, set: () => {} };
    const s = h.scenario({ keys: { cache: odd } });
    await s.verifier.verify(await s.issuer.token());
    assert.equal(s.issuer.hits.jwks, 1);
  });

  it('keeps a fetch per verifier by default (in memory, nothing shared by accident)', async () => {
    const s = h.scenario();
    const other = h.verifierFor(s);
    const token = await s.issuer.token();
    await s.verifier.verify(token);
    await other.verify(token);
    assert.equal(s.issuer.hits.jwks, 2);
  });

  it('shares the in-memory cache when it is passed to both verifiers', async () => {
    const cache = createMemoryKeyCache();
    const s = h.scenario({ keys: { cache } });
    const other = h.verifierFor(s, { keys: { cache } });
    const token = await s.issuer.token();
    await s.verifier.verify(token);
    await other.verify(token);
    assert.equal(s.issuer.hits.jwks, 1);
  });

  it('still refreshes for an unknown kid when the shared entry holds nothing newer', async () => {
    const { cache } = createRecordingCache();
    const s = h.scenario({ keys: { cache } });
    await s.verifier.verify(await s.issuer.token());
    const error = await failureOf(s.verifier.verify(await s.issuer.token({ kid: 'not-published' })));
    assert.equal(error.code, 'kid_unknown');
    assert.equal(s.issuer.hits.jwks, 2);
  });

  it('refuses a cache without get and set when the verifier is created', () => {
    assert.throws(() => h.scenario({ keys: { cache: {} as KeyCache } }), /keys\.cache must have get\(\) and set\(\)/);
  });
});
