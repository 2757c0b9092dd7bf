import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTokenCache } from '../../src/core/pipeline/token-cache.js';

const t0 = 1_767_225_600_000;
const far = t0 + 3_600_000;

describe('createTokenCache', () => {
  it('returns what was stored for the token', () => {
    const cache = createTokenCache<string>({ maxEntries: 10, maxAgeMs: 60_000, maxBytes: 1000 });
    cache.set('tok-a', 'A', far, t0, 10);
    assert.equal(cache.get('tok-a', t0), 'A');
    assert.equal(cache.get('tok-b', t0), undefined);
    assert.equal(cache.size, 1);
  });

  it('evicts the least recently used entry when the count limit is passed', () => {
    const cache = createTokenCache<string>({ maxEntries: 2, maxAgeMs: 60_000, maxBytes: 1000 });
    cache.set('a', 'A', far, t0, 1);
    cache.set('b', 'B', far, t0, 1);
    cache.set('c', 'C', far, t0, 1);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('a', t0), undefined);
    assert.equal(cache.get('b', t0), 'B');
    assert.equal(cache.get('c', t0), 'C');
  });

  it('keeps an entry that get touched and evicts the older one instead', () => {
    const cache = createTokenCache<string>({ maxEntries: 2, maxAgeMs: 60_000, maxBytes: 1000 });
    cache.set('a', 'A', far, t0, 1);
    cache.set('b', 'B', far, t0, 1);
    assert.equal(cache.get('a', t0), 'A');
    cache.set('c', 'C', far, t0, 1);
    assert.equal(cache.get('a', t0), 'A');
    assert.equal(cache.get('b', t0), undefined);
  });

  it('evicts an entry it kept for a hit once newer entries have come and it was not used again', () => {
    const cache = createTokenCache<string>({ maxEntries: 2, maxAgeMs: 60_000, maxBytes: 1000 });
    cache.set('a', 'A', far, t0, 1);
    cache.set('b', 'B', far, t0, 1);
    assert.equal(cache.get('a', t0), 'A');
    cache.set('c', 'C', far, t0, 1);
    cache.set('d', 'D', far, t0, 1);
    cache.set('e', 'E', far, t0, 1);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('a', t0), undefined);
    assert.equal(cache.get('e', t0), 'E');
  });

  it('keeps the byte count right when entries kept for a hit move back', () => {
    const cache = createTokenCache<string>({ maxEntries: 100, maxAgeMs: 60_000, maxBytes: 100 });
    cache.set('a', 'A', far, t0, 40);
    cache.set('b', 'B', far, t0, 40);
    assert.equal(cache.get('a', t0), 'A');
    assert.equal(cache.get('b', t0), 'B');
    // a and b were both used: both are spared once, then a, the older, goes; never the newcomer.
    cache.set('c', 'C', far, t0, 40);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('a', t0), undefined);
    assert.equal(cache.get('c', t0), 'C');
    assert.equal(cache.get('b', t0), 'B');
    cache.set('d', 'D', far, t0, 20);
    assert.equal(cache.size, 3);
    assert.equal(cache.get('d', t0), 'D');
  });

  it('evicts the oldest entries until the byte limit holds', () => {
    const cache = createTokenCache<string>({ maxEntries: 100, maxAgeMs: 60_000, maxBytes: 100 });
    cache.set('a', 'A', far, t0, 40);
    cache.set('b', 'B', far, t0, 40);
    cache.set('c', 'C', far, t0, 40);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('a', t0), undefined);
    cache.set('d', 'D', far, t0, 90);
    assert.equal(cache.size, 1);
    assert.equal(cache.get('d', t0), 'D');
  });

  it('never stores an entry larger than the byte limit, and keeps the others', () => {
    const cache = createTokenCache<string>({ maxEntries: 100, maxAgeMs: 60_000, maxBytes: 100 });
    cache.set('a', 'A', far, t0, 50);
    cache.set('huge', 'H', far, t0, 101);
    assert.equal(cache.get('huge', t0), undefined);
    assert.equal(cache.get('a', t0), 'A');
  });

  it('counts the bytes of a replaced entry only once', () => {
    const cache = createTokenCache<string>({ maxEntries: 100, maxAgeMs: 60_000, maxBytes: 100 });
    cache.set('a', 'A1', far, t0, 60);
    cache.set('a', 'A2', far, t0, 60);
    cache.set('b', 'B', far, t0, 40);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('a', t0), 'A2');
    assert.equal(cache.get('b', t0), 'B');
  });

  it('frees the bytes of expired entries it drops', () => {
    const cache = createTokenCache<string>({ maxEntries: 100, maxAgeMs: 60_000, maxBytes: 100 });
    cache.set('a', 'A', t0 + 1000, t0, 60);
    assert.equal(cache.get('a', t0 + 1000), undefined);
    cache.set('b', 'B', far, t0 + 1000, 60);
    cache.set('c', 'C', far, t0 + 1000, 40);
    assert.equal(cache.get('b', t0 + 1000), 'B');
    assert.equal(cache.get('c', t0 + 1000), 'C');
  });

  it('ends an entry at its until time', () => {
    const cache = createTokenCache<string>({ maxEntries: 10, maxAgeMs: 60_000, maxBytes: 1000 });
    cache.set('a', 'A', t0 + 5000, t0, 1);
    assert.equal(cache.get('a', t0 + 4999), 'A');
    assert.equal(cache.get('a', t0 + 5000), undefined);
    assert.equal(cache.size, 0);
  });

  it('ends an entry at now + maxAgeMs when until is later', () => {
    const cache = createTokenCache<string>({ maxEntries: 10, maxAgeMs: 60_000, maxBytes: 1000 });
    cache.set('a', 'A', far, t0, 1);
    assert.equal(cache.get('a', t0 + 59_999), 'A');
    assert.equal(cache.get('a', t0 + 60_000), undefined);
  });

  it('does not store an entry whose until is already past', () => {
    const cache = createTokenCache<string>({ maxEntries: 10, maxAgeMs: 60_000, maxBytes: 1000 });
    cache.set('a', 'A', t0, t0, 1);
    cache.set('b', 'B', t0 - 1, t0, 1);
    assert.equal(cache.size, 0);
  });

  it('does not extend an entry when get refreshes its recency', () => {
    const cache = createTokenCache<string>({ maxEntries: 10, maxAgeMs: 60_000, maxBytes: 1000 });
    cache.set('a', 'A', t0 + 10_000, t0, 1);
    assert.equal(cache.get('a', t0 + 9_000), 'A');
    assert.equal(cache.get('a', t0 + 10_000), undefined);
  });

  it('answers only the whole token, never another that ends the same', () => {
    const cache = createTokenCache<string>({ maxEntries: 10, maxAgeMs: 60_000, maxBytes: 1000 });
    const tail = 's'.repeat(200);
    cache.set(`one.${tail}`, 'ONE', far, t0, 1);
    assert.equal(cache.get(`two.${tail}`, t0), undefined);
    assert.equal(cache.get(`one.${tail}`, t0), 'ONE');
    // The newer of two tokens with the same tail takes the place; neither answers for the other.
    cache.set(`two.${tail}`, 'TWO', far, t0, 1);
    assert.equal(cache.get(`two.${tail}`, t0), 'TWO');
    assert.equal(cache.get(`one.${tail}`, t0), undefined);
    assert.equal(cache.get(tail, t0), undefined);
    assert.equal(cache.size, 1);
  });

  it('answers a get after has as a fresh lookup would, whatever changed between them', () => {
    const cache = createTokenCache<string>({ maxEntries: 1, maxAgeMs: 60_000, maxBytes: 1000 });
    cache.set('a', 'A', far, t0, 1);
    assert.equal(cache.has('a'), true);
    assert.equal(cache.get('a', t0), 'A');
    // Evicted after `has` found it: the `get` that follows must miss.
    assert.equal(cache.has('a'), true);
    cache.set('b', 'B', far, t0, 1);
    assert.equal(cache.get('a', t0), undefined);
    // Replaced by the same token with a new value after `has`: the `get` answers the new one.
    assert.equal(cache.has('b'), true);
    cache.set('b', 'B2', far, t0, 1);
    assert.equal(cache.get('b', t0), 'B2');
    // `has` of one token never answers the `get` of another.
    const two = createTokenCache<string>({ maxEntries: 10, maxAgeMs: 60_000, maxBytes: 1000 });
    two.set('x', 'X', far, t0, 1);
    two.set('y', 'Y', far, t0, 1);
    assert.equal(two.has('x'), true);
    assert.equal(two.get('y', t0), 'Y');
    assert.equal(two.has('x'), true);
    assert.equal(two.get('z', t0), undefined);
    // Expired after `has`: the time check still applies.
    assert.equal(cache.has('b'), true);
    assert.equal(cache.get('b', far), undefined);
    assert.equal(cache.has('b'), false);
  });

  it('keeps two caches apart', () => {
    const one = createTokenCache<string>({ maxEntries: 10, maxAgeMs: 60_000, maxBytes: 1000 });
    const two = createTokenCache<string>({ maxEntries: 10, maxAgeMs: 60_000, maxBytes: 1000 });
    one.set('a', 'A', far, t0, 1);
    assert.equal(two.get('a', t0), undefined);
  });
});
