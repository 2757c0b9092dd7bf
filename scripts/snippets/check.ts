// Type-checks the README's `ts` blocks (run by .ci/run):
// npx tsx scripts/snippets/check.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { readmeSnippets, type Snippet } from './extract.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = `${root}scripts/snippets/out`;

const surface = JSON.parse(readFileSync(`${root}scripts/public-surface.json`, 'utf8')) as Record<string, { values: string[] }>;

/** The public names a fragment may use without importing them: the adapter's, then the root's. */
function publicNames(adapter: './express' | './koa'): string[] {
  const own = surface[adapter]!.values;
  const root = surface['.']!.values.filter((name) => !own.includes(name));
  return [`  const { ${own.join(', ')} } = adapter;`, `  const { ${root.join(', ')} } = bearerGuard;`];
}

/**
 * Snippets are fragments: they use an `app`, a `token`, a Redis client or the package's names set
 * up elsewhere. Each is compiled as the body of a function whose parameters and constants give
 * those names their usual types, inside a block of its own so that a snippet may declare or
 * import them itself; its imports are hoisted.
 */
function asModule({ where, code }: Snippet): string {
  const lines = code.split('\n');
  const imports: string[] = [];
  const body: string[] = [];
  let inImport = false;
  for (const line of lines) {
    if (inImport || /^import\s/.test(line)) {
      imports.push(line);
      inImport = !/;\s*$/.test(line);
    } else body.push(line);
  }
  const koa = /bearer-guard\/koa/.test(code);
  const appType = koa ? "import('koa')<import('bearer-guard/koa').AuthState>" : "import('express').Express";
  return [
    `// ${where}`,
    "import * as bearerGuard from 'bearer-guard';",
    `import * as adapter from 'bearer-guard/${koa ? 'koa' : 'express'}';`,
    ...imports,
    'export async function snippet(',
    `  app: ${appType},`,
    '  token: string,',
    "  listUsers: import('express').RequestHandler,",
    "  handler: import('express').RequestHandler,",
    "  deleteUser: import('express').RequestHandler,",
    '  log: (event: unknown) => void,',
    '  issuers: string[],',
    '  audience: string,',
    '  redis: { get(key: string): Promise<string | null>; set(key: string, value: string, ...options: Array<string | number>): Promise<unknown> },',
    '): Promise<void> {',
    ...publicNames(koa ? './koa' : './express'),
    '  {',
    ...body.map((line) => `    ${line}`),
    '  }',
    '}',
    '',
  ].join('\n');
}

const snippets = readmeSnippets(root);
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
let compiled = 0;
for (const [i, snippet] of snippets.entries()) {
  if (snippet.skipped) {
    console.log(`skipped ${snippet.where}: ${snippet.skipped}`);
    continue;
  }
  writeFileSync(`${out}/snippet-${String(i).padStart(3, '0')}.ts`, asModule(snippet));
  compiled++;
}
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', `${root}scripts/snippets/tsconfig.json`], { stdio: 'inherit' });
} catch {
  console.error(`snippets: type errors (the files are in scripts/snippets/out/; each names its source on line 1)`);
  process.exit(1);
}
console.log(`snippets: ${compiled} compiled, ${snippets.length - compiled} skipped`);
