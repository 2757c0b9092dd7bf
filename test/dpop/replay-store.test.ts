import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryReplayStore, ReplayStoreFull } from '../../src/core/dpop/replay-store.js';

describe('in-memory DPoP replay store', () => {
  it('says true the first time and false while the record lives', () => {
    const store = createMemoryReplayStore();
    assert.equal(store.markUsed('a', 2000, 1000), true);
    assert.equal(store.markUsed('a', 2500, 1999), false);
    assert.equal(store.markUsed('b', 2000, 1000), true);
  });

  it('forgets a record once it has expired', () => {
    const store = createMemoryReplayStore();
    store.markUsed('a', 2000, 1000);
    assert.equal(store.markUsed('a', 3000, 2000), true);
    assert.equal(store.markUsed('a', 3000, 2500), false);
  });

  it('when full of live records, refuses new ids until the earliest expires, and never forgets a live one', () => {
    const store = createMemoryReplayStore({ maxEntries: 3 });
    store.markUsed('a', 5000, 1000);
    store.markUsed('b', 3000, 1000);
    store.markUsed('c', 4000, 1000);
    assert.throws(() => store.markUsed('d', 6000, 1500), (error: unknown) => error instanceof ReplayStoreFull && error.retryAt === 3000);
    assert.equal(store.markUsed('a', 6000, 1500), false);
    assert.equal(store.markUsed('b', 6000, 2999), false);
    // At 3000 b has expired (swept although it is not at the front): room for d.
    assert.equal(store.markUsed('d', 6000, 3000), true);
    assert.equal(store.markUsed('a', 6000, 3000), false);
    assert.equal(store.markUsed('c', 6000, 3000), false);
  });

  it('holds at most maxEntries records whatever the traffic', () => {
    const store = createMemoryReplayStore({ maxEntries: 100 });
    let refused = 0;
    for (let i = 0; i < 1000; i++) {
      try {
        store.markUsed(`id-${i}`, 1000 + i * 10 + 500, 1000 + i * 10);
      } catch {
        refused++;
      }
    }
    // Each record lives 500 ms and one arrives every 10 ms: 50 live at a time, nothing refused.
    assert.equal(refused, 0);
    assert.equal(store.markUsed('id-999', 99_999, 1000 + 999 * 10), false);
  });

  it('refuses a bad size at construction', () => {
    assert.throws(() => createMemoryReplayStore({ maxEntries: 0 }), TypeError);
    assert.throws(() => createMemoryReplayStore({ maxEntries: 1.5 }), TypeError);
  });
});
