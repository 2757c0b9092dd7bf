import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { listFixtures } from '../../scripts/consumers/fixtures.mjs';
import { readmeWithWorksWith } from '../../scripts/update-readme.js';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');

describe('README "Works with"', () => {
  it('lists exactly the projects the consumer matrix runs (npx tsx scripts/update-readme.ts)', () => {
    assert.equal(readme, readmeWithWorksWith(readme));
  });

  it('has a committed lockfile and a test script for every project of the matrix', () => {
    for (const fixture of listFixtures()) {
      const manifest = JSON.parse(readFileSync(new URL('package.json', fixture.dir), 'utf8')) as { scripts?: { test?: string }; description?: string };
      assert.ok(manifest.scripts?.test, `${fixture.path} has no test script`);
      assert.ok(manifest.description, `${fixture.path} says what it exercises`);
      const lock = JSON.parse(readFileSync(new URL('package-lock.json', fixture.dir), 'utf8')) as { lockfileVersion: number };
      assert.ok(lock.lockfileVersion >= 2, `${fixture.path} has a package-lock.json`);
    }
  });
});
