import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

/*
 * The shape every entry point of the exports map must have, so that adding one (./client, ./mcp…)
 * cannot forget a module system or a TypeScript setting. README, "Module systems": how to add one.
 */

interface Manifest {
  main: string;
  types: string;
  exports: Record<string, unknown>;
  typesVersions: { '*': Record<string, string[]> };
  files: string[];
}

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as Manifest;
const entries = Object.keys(manifest.exports).filter((name) => name !== './package.json');

/** The map entry `name` must have: sources for the repository, ESM and CommonJS builds with their types. */
function expectedEntry(name: string) {
  const dir = name === '.' ? '' : `${name.slice(2)}/`;
  return {
    'bearer-guard-source': `./src/${dir}index.ts`,
    import: { types: `./dist/esm/${dir}index.d.ts`, default: `./dist/esm/${dir}index.js` },
    require: { types: `./dist/cjs/${dir}index.d.ts`, default: `./dist/cjs/${dir}index.js` },
  };
}

describe('package.json exports map', () => {
  it('gives every entry point the sources, an ESM build and a CommonJS build, each with its types, in that order', () => {
    for (const name of entries) {
      const entry = manifest.exports[name] as Record<string, unknown>;
      assert.deepEqual(entry, expectedEntry(name), name);
      // Condition order matters: the first match wins, and `types` must come before `default`.
      assert.deepEqual(Object.keys(entry), ['bearer-guard-source', 'import', 'require'], name);
      assert.ok(existsSync(new URL(expectedEntry(name)['bearer-guard-source'], root)), `${name}: its source file exists`);
    }
  });

  it('gives TypeScript with node10 resolution (no exports map) the types of every subpath', () => {
    assert.equal(manifest.main, './dist/cjs/index.js');
    assert.equal(manifest.types, './dist/cjs/index.d.ts');
    const subpaths = entries.filter((name) => name !== '.').map((name) => name.slice(2));
    assert.deepEqual(Object.keys(manifest.typesVersions['*']).sort(), subpaths.sort());
    for (const subpath of subpaths) assert.deepEqual(manifest.typesVersions['*'][subpath], [`./dist/cjs/${subpath}/index.d.ts`]);
  });

  it('ships what the map points at: the builds, and the sources that the source condition and the maps name', () => {
    for (const folder of ['dist', 'src', 'bin', 'LICENSE', 'README.md']) assert.ok(manifest.files.includes(folder), folder);
  });
});
