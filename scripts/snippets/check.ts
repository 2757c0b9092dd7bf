// Type-checks the README's `ts` blocks and the `@example`s of the TSDoc in src/ (run by .ci/run):
// npx tsx scripts/snippets/check.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { readmeSnippets, tsdocExamples } from './extract.js';
import { asModule, type Surface } from './module.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = `${root}scripts/snippets/out`;
const surface = JSON.parse(readFileSync(`${root}scripts/public-surface.json`, 'utf8')) as Surface;

const readme = readmeSnippets(root);
const examples = tsdocExamples(root);
const broken = examples.filter((example) => example.broken);
for (const example of broken) console.error(`${example.where}: ${example.broken}`);

rmSync(out, { recursive: true, force: true });
mkdirSync(out);
const sources = new Map<string, string>(); // snippet-012.ts → README.md:104
for (const [i, snippet] of [...readme, ...examples].entries()) {
  if (snippet.skipped) {
    console.log(`skipped ${snippet.where}: ${snippet.skipped}`);
    continue;
  }
  if (snippet.broken) continue;
  const name = `snippet-${String(i).padStart(3, '0')}.ts`;
  writeFileSync(`${out}/${name}`, asModule(snippet, surface, root, out));
  sources.set(name, snippet.where);
}
const compiled = sources.size;
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', `${root}scripts/snippets/tsconfig.json`], { encoding: 'utf8' });
} catch (error) {
  const output = String((error as { stdout?: string }).stdout ?? error);
  console.error(output);
  const failing = [...new Set(output.match(/snippet-\d+\.ts/g) ?? [])];
  for (const name of failing) console.error(`${name} is ${sources.get(name)}`);
  console.error('snippets: type errors (the generated files are in scripts/snippets/out/)');
  process.exit(1);
}
if (broken.length > 0) process.exit(1);
const skipped = readme.length + examples.length - compiled;
console.log(`snippets: ${compiled} compiled (${readme.length} README blocks, ${examples.length} TSDoc examples), ${skipped} skipped`);
