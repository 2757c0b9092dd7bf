import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readSurfaces, type Surface } from './read-surface.js';

/**
 * The package's public surface is a list kept in `scripts/public-surface.json`: for each entry of
 * the exports map, the runtime names and the type-only names it exports. A name added or removed
 * anywhere fails here until the list is changed too, so that every change to the surface is a
 * deliberate one. `scripts/check-dist.mjs` holds the built package to the same list.
 */
const expected = JSON.parse(readFileSync(new URL('../../scripts/public-surface.json', import.meta.url), 'utf8')) as Record<string, Surface>;
const exportsMap = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).exports as Record<string, unknown>;
const sources = Object.fromEntries(
  Object.entries(exportsMap)
    .filter(([, target]) => typeof target === 'object' && target !== null)
    .map(([entry, target]) => [entry, ((target as Record<string, string>)['bearer-guard-source'] ?? '').replace(/^\.\//, '')]),
);

describe('The public surface is a deliberate list', () => {
  it('lists exactly the entries of the exports map', () => {
    assert.deepEqual(Object.keys(sources).sort(), Object.keys(expected).sort());
  });

  const actual = readSurfaces(sources);
  for (const entry of Object.keys(expected)) {
    it(`${entry} exports exactly the listed runtime names`, async () => {
      const specifier = entry === '.' ? 'bearer-guard' : `bearer-guard/${entry.slice(2)}`;
      const loaded = await import(specifier);
      assert.deepEqual(Object.keys(loaded).sort(), expected[entry]!.values, 'names a program can import from the source entry');
      assert.deepEqual(actual[entry]!.values, expected[entry]!.values, 'values the compiler sees');
    });

    it(`${entry} exports exactly the listed types`, () => {
      assert.deepEqual(actual[entry]!.types, expected[entry]!.types);
    });
  }

  it('the root does not publish the internals the adapters use', () => {
    const internals = ['assembleVerifier', 'createBearerAuth', 'splitAdapterOptions', 'createGuardMethods', 'resolveOptions', 'acceptClaims', 'checkTimes', 'describeFailure'];
    for (const name of internals) assert.ok(!expected['.']!.values.includes(name), name);
  });
});
