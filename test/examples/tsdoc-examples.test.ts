import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tsdocExamples } from '../../scripts/snippets/extract.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function withSource(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'tsdoc-examples-'));
  try {
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'a.ts'), text);
    return tsdocExamples(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('TSDoc @examples are extracted for the snippet check (scripts/snippets/check.ts)', () => {
  it('takes the ts block of an @example without the comment margin, naming its line', () => {
    const [example, ...rest] = withSource(['/**', ' * Does a.', ' *', ' * @example', ' * ```ts', ' * const a = 1;', ' *', ' * a;', ' * ```', ' */', 'export const a = 1;'].join('\n'));
    assert.deepEqual(rest, []);
    assert.deepEqual(example, { where: 'src/a.ts:5', code: 'const a = 1;\n\na;', source: 'src/a.ts' });
  });

  it('reports an @example whose block does not close, and one without a ts block, as broken', () => {
    const examples = withSource(['/**', ' * @example', ' * ```ts', ' * a();', ' */', '/**', ' * @example', ' * a();', ' * @returns x', ' */'].join('\n'));
    assert.deepEqual(
      examples.map(({ where, broken }) => ({ where, broken })),
      [
        { where: 'src/a.ts:3', broken: 'no closing ``` before the comment ends' },
        { where: 'src/a.ts:7', broken: 'an @example without a ```ts block' },
      ],
    );
  });

  it('finds every @example under src/, none broken', () => {
    const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const tags = files.reduce((n, file) => n + (readFileSync(join(root, 'src', file), 'utf8').match(/^\s*\*\s*@example\b/gm)?.length ?? 0), 0);
    const examples = tsdocExamples(root);
    assert.ok(tags > 30, `${tags} @example tags`);
    assert.equal(examples.length, tags);
    assert.deepEqual(examples.filter((example) => example.broken), []);
  });
});
