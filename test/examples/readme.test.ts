import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readmeWithFailureTable } from '../../scripts/update-readme.js';
import { failureCodes } from '../../src/core/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('lists every failure code exactly as the catalogue has it (npx tsx scripts/update-readme.ts)', () => {
    assert.equal(readme, readmeWithFailureTable(readme));
    for (const code of Object.keys(failureCodes)) assert.ok(readme.includes(`\`${code}\``), code);
  });

  it('shows the two front-door commands', () => {
    assert.ok(readme.includes('npm install && npm run demo'));
    assert.ok(readme.includes('npm test'));
  });
});

describe('README snippets are the files npm test runs', () => {
  for (const file of [
    'examples/testing/orders-api.ts',
    'examples/testing/orders-api.test.ts',
    'examples/dpop/orders-api.ts',
    'examples/dpop/orders-api.test.ts',
    'examples/client/billing-client.ts',
    'examples/introspection/reports-api.ts',
    'examples/introspection/reports-api.test.ts',
    'examples/idp/presets-api.ts',
    'examples/mcp/orders-mcp.ts',
    'examples/mcp/orders-tools.ts',
    'examples/mcp/sdk-middleware.ts',
  ]) {
    it(`shows ${file} verbatim`, () => {
      const source = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8').trimEnd();
      assert.ok(readme.includes(source), `${file} differs from its copy in README.md`);
    });
  }
});
