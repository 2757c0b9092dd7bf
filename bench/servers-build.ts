import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { benchDir } from './children.js';

const source = join(benchDir, 'servers');
/** Where the contestant servers are written as JavaScript (ignored by git). */
const builtServersDir = join(benchDir, '.servers-built');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/**
 * Writes bench/servers as plain JavaScript, so that a measured server runs as an application does
 * in production: without tsx. Through tsx a server started with about 4 MB more heap, so close to
 * the threshold of V8's first full collection that a little more moved it into the server's first
 * request (measured with --trace-gc): the cold-start figures became a lottery. Types are
 * only stripped (`transpileModule`); `npm run typecheck` checks these files as TypeScript.
 */
export function buildServers(): void {
  rmSync(builtServersDir, { recursive: true, force: true });
  for (const file of filesUnder(source)) {
    const target = join(builtServersDir, relative(source, file));
    mkdirSync(dirname(target), { recursive: true });
    if (!file.endsWith('.ts')) {
      copyFileSync(file, target);
      continue;
    }
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
      fileName: file,
    });
    writeFileSync(target.replace(/\.ts$/, '.js'), outputText);
  }
}
