import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AuthSuccessEvent } from '../../src/core/index.js';
import { estimateHeapBytes } from '../../src/core/pipeline/entry-cost.js';
import { startKeysHarness, type KeysHarness } from './fixture.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** `[[[…]]]` nested `depth` deep: about 28 heap bytes per JSON byte, the worst shape measured. */
function nestedArrays(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const MiB = 1024 * 1024;

describe('Keys: the verified-token cache holds its memory bound for any token shape', () => {
  let h: KeysHarness;
  before(async () => {
    h = await startKeysHarness();
  });
  after(() => h.close());

  it('keeps 60 signed 16 KB tokens of nested claims within a 4 MiB bound', async () => {
    const successes: AuthSuccessEvent[] = [];
    const { issuer, verifier } = h.scenario({
      options: { tokenCache: { maxBytes: 4 * MiB, maxAge: '1h' }, maxTokenLength: 16_384, onAuthSuccess: (e) => successes.push(e) },
    });
    const normal = await issuer.token({ expiresIn: '2h' });
    await verifier.verify(normal); // keys fetched and imported before measuring
    const tokens: string[] = [];
    for (let i = 0; i < 60; i++) tokens.push(await issuer.token({ expiresIn: '2h', claims: { n: i, nest: Array.from({ length: 18 }, () => nestedArrays(150)), flat: Array.from({ length: 1_900 }, () => ({})) } }));
    assert.ok(tokens.every((t) => t.length > 14_000 && t.length <= 16_384), `token length ${tokens[0]!.length}`);
    const before = heapAfterGc();
    // Twice each: the cache takes a token at its second verification.
    for (const token of tokens) await verifier.verify(token);
    for (const token of tokens) await verifier.verify(token);
    const grown = heapAfterGc() - before;
    // Charged 3 bytes a token character, as before, these 60 results would all be kept: about 20 MiB.
    assert.ok(grown < 4 * MiB + 2 * MiB, `heap grew ${(grown / MiB).toFixed(1)} MiB against a 4 MiB bound`);
    // The cache still works for ordinary tokens.
    await verifier.verify(normal);
    await verifier.verify(normal);
    assert.equal(successes.at(-1)?.cached, true);
  });

  it('keeps nothing of tokens used once: 60 signed 8 KB tokens leave the heap as it was', async () => {
    const { issuer, verifier } = h.scenario({ options: { tokenCache: { maxBytes: 16 * MiB, maxAge: '1h' }, maxTokenLength: 16_384 } });
    await verifier.verify(await issuer.token({ expiresIn: '2h' })); // keys fetched and imported before measuring
    const tokens: string[] = [];
    for (let i = 0; i < 60; i++) tokens.push(await issuer.token({ expiresIn: '2h', claims: { n: i, flat: Array.from({ length: 900 }, () => ({})) } }));
    const before = heapAfterGc();
    for (const token of tokens) await verifier.verify(token);
    const grown = heapAfterGc() - before;
    // Cached at their first sighting, they would hold about 3 MiB.
    assert.ok(grown < 1 * MiB, `heap grew ${(grown / MiB).toFixed(1)} MiB after 60 one-use tokens`);
  });

  it('estimates more than V8 really holds for every shape measured', () => {
    const shapes: Record<string, unknown> = {
      'nested arrays': nestedArrays(4_000),
      'flat empty objects': Array.from({ length: 2_000 }, () => ({})),
      'flat empty arrays': Array.from({ length: 2_000 }, () => []),
      'unique keys': Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`k${i}`, 0])),
      doubles: Array.from({ length: 2_000 }, (_, i) => i + 0.5),
      'two-byte strings': Array.from({ length: 500 }, (_, i) => `€${i}`.repeat(8)),
    };
    for (const [name, shape] of Object.entries(shapes)) {
      const text = JSON.stringify(shape);
      const kept: unknown[] = [];
      const before = heapAfterGc();
      for (let i = 0; i < 50; i++) kept.push(JSON.parse(text));
      const perCopy = (heapAfterGc() - before) / kept.length;
      const estimate = estimateHeapBytes(kept[0], Number.POSITIVE_INFINITY);
      assert.ok(estimate >= perCopy, `${name}: estimated ${estimate} bytes, V8 holds ${Math.round(perCopy)}`);
    }
  });

  it('refuses a tokenCache.maxBytes below 1 MiB when the verifier is created', () => {
    assert.throws(() => h.scenario({ options: { tokenCache: { maxBytes: 1000 } } }), /tokenCache\.maxBytes must be an integer of at least 1 MiB/);
  });
});
