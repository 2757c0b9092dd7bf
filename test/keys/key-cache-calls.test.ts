import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CachedKeySet, KeyCache } from '../../src/core/index.js';
import { fetchNeverAbandoned } from '../helpers/busy-machine.js';
import { minute, startKeysHarness, type KeysHarness } from './fixture.js';

/** A store whose calls never settle, like a Redis client stuck on a dead connection. */
function createStuckCache(stuck: { get?: boolean; set?: boolean }) {
  const calls = { get: 0, set: 0 };
  const entries = new Map<string, CachedKeySet>();
  const cache: KeyCache = {
    get(key) {
      calls.get++;
      return stuck.get ? new Promise<undefined>(() => {}) : entries.get(key);
    },
    set(key, value) {
      calls.set++;
      if (stuck.set) return new Promise<void>(() => {});
      entries.set(key, value);
    },
  };
  return { cache, calls };
}

// Without the bounds below these verifications never settle; the test timeout turns that into a
// failure. It is far above the 2 s bound because a busy machine runs timers late.
const hangs = { timeout: 120_000 };
// A stuck cache read is given up on after keys.timeout (2 s here); the key fetch that follows must
// not race that same short timer on a busy machine, so its answers are never abandoned.

describe('Keys: calls to a shared KeyCache never hold a request longer than a key fetch may take', () => {
  let h: KeysHarness;
  before(async () => {
    h = await startKeysHarness();
  });
  after(() => h.close());

  it('gives up on a cache read that never settles after the key fetch timeout, and fetches', hangs, async () => {
    const { cache, calls } = createStuckCache({ get: true });
    const { issuer, verifier } = h.scenario({ keys: { cache, timeout: '2s' }, options: { fetch: fetchNeverAbandoned } });
    const result = await verifier.verify(await issuer.token());
    assert.equal(result.issuer, issuer.issuer);
    assert.equal(calls.get, 1);
    assert.equal(issuer.hits.jwks, 1);
  });

  it('does not wait for a cache write: a write that never settles delays nothing', hangs, async () => {
    const { cache, calls } = createStuckCache({ set: true });
    const { issuer, verifier, clock } = h.scenario({ keys: { cache } });
    const token = await issuer.token({ expiresIn: '2h' });
    await verifier.verify(token);
    clock.advance(5 * minute);
    await verifier.verify(token);
    assert.equal(calls.set, 2);
    assert.equal(issuer.hits.jwks, 2);
  });

  it('keeps a request waiting on a stuck cache with others: all of them are answered', hangs, async () => {
    const { cache } = createStuckCache({ get: true, set: true });
    const { issuer, verifier } = h.scenario({ keys: { cache, timeout: '2s' }, options: { fetch: fetchNeverAbandoned } });
    const token = await issuer.token();
    const results = await Promise.all(Array.from({ length: 20 }, () => verifier.verify(token)));
    assert.equal(results.length, 20);
    assert.equal(issuer.hits.jwks, 1);
  });

  it('treats a store that throws synchronously or rejects, on read and write, as empty', async () => {
    const stores: KeyCache[] = [
      {
        get: () => {
          throw new Error('ECONNREFUSED');
        },
        set: () => Promise.reject(new Error('ECONNREFUSED')),
      },
      {
        get: () => Promise.reject(new Error('ECONNREFUSED')),
        set: () => {
          throw new Error('ECONNREFUSED');
        },
      },
    ];
    for (const cache of stores) {
      const { issuer, verifier, clock } = h.scenario({ keys: { cache } });
      const token = await issuer.token({ expiresIn: '2h' });
      await verifier.verify(token);
      clock.advance(5 * minute);
      await verifier.verify(token);
      assert.equal(issuer.hits.jwks, 2);
    }
  });
});
